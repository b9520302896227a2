package org.schedproof.engine.workload.gen;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.PromptKeys;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * Shared system prompts: every request of client c starts with the segment key(SYSTEM_PROMPT, c) of {@code system}
 * tokens (option, default 512), followed by its own question segment key(REQUEST, i) of the sampled input length.
 * The prompt is system + input tokens long.
 */
public final class SystemPrompts implements Structure {
    private final int system;

    public SystemPrompts(Options options) {
        this.system = options.intValue("system", 512, 1, 1 << 24);
    }

    @Override
    public List<Request> generate(GenContext ctx) {
        List<Request> out = new ArrayList<>(ctx.requests());
        for (int i = 0; i < ctx.requests(); i++) {
            long t = ctx.arrivals().next();
            int c = ctx.clients().nextIndex();
            int[] len = ctx.lengths().next();
            Prompt p = new Prompt(
                    new long[] {PromptKeys.key(PromptKeys.SYSTEM_PROMPT, c), PromptKeys.key(PromptKeys.REQUEST, i)},
                    new int[] {system, Math.addExact(system, len[0])});
            out.add(new Request(i, ctx.clients().name(c), t, p, len[1]));
        }
        return out;
    }
}
