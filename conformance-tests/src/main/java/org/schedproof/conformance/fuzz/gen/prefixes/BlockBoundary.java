package org.schedproof.conformance.fuzz.gen.prefixes;

import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Prefixes;
import org.schedproof.conformance.fuzz.gen.Sketch;
import org.schedproof.spec.Prompt;

/**
 * Prompts sharing a prefix that ends one position before, at, or one after a KV block boundary, then diverging: the
 * off-by-one cases of block-granular prefix matching. Prompt lengths grow to hold the shared part.
 */
public final class BlockBoundary implements Prefixes {
    @Override
    public String name() {
        return "block-boundary";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        long shared = d.key();
        int blocks = d.between(1, 3);
        for (int i = 0; i < s.requests; i++) {
            int cut = Math.max(1, blocks * s.blockSize + d.pick(-1, 0, 1));
            s.prompt[i] = new Prompt(new long[] {shared, d.key()}, new int[] {cut, cut + s.promptLength[i]});
        }
    }
}
