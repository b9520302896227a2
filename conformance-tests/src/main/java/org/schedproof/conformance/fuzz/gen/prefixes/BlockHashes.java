package org.schedproof.conformance.fuzz.gen.prefixes;

import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Prefixes;
import org.schedproof.conformance.fuzz.gen.Sketch;
import org.schedproof.spec.Prompt;

/**
 * Mooncake-style prompts: whole blocks named by hash ids drawn from a small tree, so requests share chains of 0 to 4
 * leading blocks (a popular root, its children) before their own; the prompt is cut to its drawn length.
 */
public final class BlockHashes implements Prefixes {
    @Override
    public String name() {
        return "block-hashes";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        int b = s.blockSize;
        long root = d.key();
        for (int i = 0; i < s.requests; i++) {
            int blocks = (s.promptLength[i] + b - 1) / b;
            long[] keys = new long[blocks];
            long h = root;
            int shared = d.between(0, 4);
            for (int k = 0; k < blocks; k++) {
                // Shared blocks come from a tree of fan-out 2: equal choices give equal ids.
                h = k < shared ? h * 31 + d.between(0, 1) + 1 : d.key();
                keys[k] = h;
            }
            s.prompt[i] = Prompt.ofBlocks(keys, b, s.promptLength[i]);
        }
    }
}
