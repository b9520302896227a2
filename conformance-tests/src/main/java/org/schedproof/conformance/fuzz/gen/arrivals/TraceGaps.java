package org.schedproof.conformance.fuzz.gen.arrivals;

import org.schedproof.conformance.fuzz.gen.Arrivals;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.RealTraces;
import org.schedproof.conformance.fuzz.gen.Sketch;

/**
 * Gaps resampled from a bundled real trace (Azure conversation or code, Mooncake conversation), sped up 1 to 1,000
 * times so that a few requests still overlap.
 */
public final class TraceGaps implements Arrivals {
    @Override
    public String name() {
        return "trace-gaps";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        long[] gaps = RealTraces.gaps(d.pick(RealTraces.ARRIVALS));
        double speedup = Math.pow(10, 3 * d.rng().nextDouble());
        long t = 0;
        for (int i = 0; i < s.requests; i++) {
            if (i > 0) t += Math.round(gaps[d.rng().nextInt(gaps.length)] / speedup);
            s.arrivalUs[i] = t;
        }
    }
}
