package org.schedproof.engine.workload.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.PromptKeys;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * Multi-turn conversations. Conversation starts follow the arrival process; each conversation belongs to one client
 * and has a number of turns drawn from {@code turns} (a {@link LengthDist}, default 2..6). Turn 0's prompt is
 * [system prompt of the client, if {@code system} > 0] + [question]; turn k's prompt is turn k-1's segments, then
 * an answer segment as long as turn k-1's output, then a new question segment. Turn k arrives an exponential think
 * time (mean {@code think} seconds, default 10) after turn k-1 arrived (open loop: the workload cannot know when a
 * turn completes). A conversation stops before a turn whose prompt + output would exceed {@code context} tokens
 * (default 16384; turn 0 is always kept). Questions and answers are keyed key(SEGMENT, counter). Generation stops at
 * exactly {@code requests} requests, cutting the last conversation short.
 */
public final class Conversations implements Structure {
    private final LengthDist turns;
    private final double think;
    private final int system;
    private final int context;

    public Conversations(Options options) {
        this.turns = LengthDist.fromOption(options, "turns", "2..6");
        this.think = options.number("think", 10, 0, true, 1e9);
        this.system = options.intValue("system", 0, 0, 1 << 24);
        this.context = options.intValue("context", 16384, 2, Integer.MAX_VALUE);
    }

    @Override
    public List<Request> generate(GenContext ctx) {
        UniformRandomProvider rng = Seeds.CONVERSATIONS.rng(ctx.seed());
        LengthDist.Sampler turnCount = turns.sampler(rng);
        ContinuousSampler thinkTime = ZigguratSampler.Exponential.of(rng, think);
        List<Request> out = new ArrayList<>(ctx.requests());
        long counter = 0;
        while (out.size() < ctx.requests()) {
            long t = ctx.arrivals().next();
            int c = ctx.clients().nextIndex();
            String client = ctx.clients().name(c);
            int n = turnCount.next();
            long[] keys = new long[0];
            int[] ends = new int[0];
            if (system > 0) {
                keys = new long[] {PromptKeys.key(PromptKeys.SYSTEM_PROMPT, c)};
                ends = new int[] {system};
            }
            int previousOutput = 0;
            for (int k = 0; k < n && out.size() < ctx.requests(); k++) {
                int[] len = ctx.lengths().next();
                long length = ends.length == 0 ? 0 : ends[ends.length - 1];
                int extra = k == 0 ? 1 : 2;
                long[] nextKeys = Arrays.copyOf(keys, keys.length + extra);
                int[] nextEnds = Arrays.copyOf(ends, ends.length + extra);
                if (k > 0) {
                    length += previousOutput;
                    nextKeys[keys.length] = PromptKeys.key(PromptKeys.SEGMENT, counter++);
                    nextEnds[ends.length] = (int) length;
                    t = Math.addExact(t, Math.round(thinkTime.sample() * 1e6));
                }
                length += len[0];
                nextKeys[nextKeys.length - 1] = PromptKeys.key(PromptKeys.SEGMENT, counter++);
                if (k > 0 && length + len[1] > context) {
                    break;
                }
                nextEnds[nextEnds.length - 1] = Math.toIntExact(length);
                keys = nextKeys;
                ends = nextEnds;
                out.add(new Request(out.size(), client, t, new Prompt(keys, ends), len[1]));
                previousOutput = len[1];
            }
        }
        return out;
    }
}
