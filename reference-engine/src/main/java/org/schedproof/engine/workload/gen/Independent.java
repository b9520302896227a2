package org.schedproof.engine.workload.gen;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.PromptKeys;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/** Unrelated requests: request i has one segment keyed key(REQUEST, i), sharing nothing, like a trace's rows. */
public final class Independent implements Structure {

    public Independent(Options options) {}

    @Override
    public List<Request> generate(GenContext ctx) {
        List<Request> out = new ArrayList<>(ctx.requests());
        for (int i = 0; i < ctx.requests(); i++) {
            long t = ctx.arrivals().next();
            String client = ctx.clients().name(ctx.clients().nextIndex());
            int[] len = ctx.lengths().next();
            out.add(new Request(i, client, t, Prompt.single(PromptKeys.key(PromptKeys.REQUEST, i), len[0]), len[1]));
        }
        return out;
    }
}
