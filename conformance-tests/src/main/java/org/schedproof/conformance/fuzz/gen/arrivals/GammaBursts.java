package org.schedproof.conformance.fuzz.gen.arrivals;

import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.schedproof.conformance.fuzz.gen.Arrivals;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Sketch;

/** Bursts: gamma-distributed gaps with a coefficient of variation of 2 to 8 at 10 to 1,000 requests per second. */
public final class GammaBursts implements Arrivals {
    @Override
    public String name() {
        return "gamma";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        double qps = Math.pow(10, 1 + 2 * d.rng().nextDouble());
        double cv = 2 + 6 * d.rng().nextDouble();
        double shape = 1 / (cv * cv);
        var gap = AhrensDieterMarsagliaTsangGammaSampler.of(d.rng(), shape, 1e6 / (qps * shape));
        long t = 0;
        for (int i = 0; i < s.requests; i++) {
            if (i > 0) t += Math.round(gap.sample());
            s.arrivalUs[i] = t;
        }
    }
}
