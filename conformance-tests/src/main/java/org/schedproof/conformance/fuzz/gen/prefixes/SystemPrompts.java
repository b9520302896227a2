package org.schedproof.conformance.fuzz.gen.prefixes;

import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Prefixes;
import org.schedproof.conformance.fuzz.gen.Sketch;
import org.schedproof.spec.Prompt;

/**
 * A shared system prompt per client (1 to 80 tokens, some clients sharing one), then the request's own question as
 * long as its drawn prompt length.
 */
public final class SystemPrompts implements Prefixes {
    @Override
    public String name() {
        return "system-prompt";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        int distinct = d.between(1, s.clients);
        long[] key = new long[distinct];
        int[] length = new int[distinct];
        for (int k = 0; k < distinct; k++) {
            key[k] = d.key();
            length[k] = d.between(1, 80);
        }
        for (int i = 0; i < s.requests; i++) {
            int k = s.client[i] % distinct;
            s.prompt[i] = new Prompt(new long[] {key[k], d.key()}, new int[] {length[k], length[k] + s.promptLength[i]});
        }
    }
}
