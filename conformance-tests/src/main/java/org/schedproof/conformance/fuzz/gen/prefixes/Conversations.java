package org.schedproof.conformance.fuzz.gen.prefixes;

import java.util.Arrays;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Prefixes;
import org.schedproof.conformance.fuzz.gen.Sketch;
import org.schedproof.spec.Prompt;

/**
 * Multi-turn conversations, one per client at a time: a turn's prompt is the previous turn's prompt, an answer as long
 * as its output, then the new question; a conversation ends (and the client starts a new one) with chance 1/4 per
 * turn or when the history passes 1,024 tokens.
 */
public final class Conversations implements Prefixes {
    @Override
    public String name() {
        return "multiturn";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        Prompt[] history = new Prompt[s.clients];
        int[] lastOutput = new int[s.clients];
        for (int i = 0; i < s.requests; i++) {
            int c = s.client[i];
            Prompt h = history[c];
            if (h == null || h.length() > 1024 || d.chance(0.25)) {
                s.prompt[i] = Prompt.single(d.key(), s.promptLength[i]);
            } else {
                int n = h.keys().length;
                long[] keys = Arrays.copyOf(h.keys(), n + 2);
                int[] ends = Arrays.copyOf(h.ends(), n + 2);
                keys[n] = d.key();
                ends[n] = h.length() + lastOutput[c];
                keys[n + 1] = d.key();
                ends[n + 1] = ends[n] + s.promptLength[i];
                s.prompt[i] = new Prompt(keys, ends);
            }
            history[c] = s.prompt[i];
            lastOutput[c] = s.output[i];
        }
    }
}
