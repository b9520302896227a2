package org.schedproof.conformance.fuzz.gen.lengths;

import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Lengths;
import org.schedproof.conformance.fuzz.gen.RealTraces;
import org.schedproof.conformance.fuzz.gen.Sketch;

/**
 * (prompt, output) pairs resampled together from a bundled real trace (ShareGPT, Azure conversation, arXiv
 * summarization, the VTC arena), scaled down 4, 16 or 64 times (rounded up, prompts capped at 1,024 and outputs at 64) so that cases stay small.
 */
public final class RealLengths implements Lengths {
    @Override
    public String name() {
        return "real";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        int[][] pairs = RealTraces.pairs(d.pick(RealTraces.LENGTHS));
        int scale = d.pick(4, 16, 64);
        for (int i = 0; i < s.requests; i++) {
            int[] p = pairs[d.rng().nextInt(pairs.length)];
            s.promptLength[i] = Math.min(1024, (p[0] + scale - 1) / scale);
            s.output[i] = Math.min(64, (p[1] + scale - 1) / scale);
        }
    }
}
