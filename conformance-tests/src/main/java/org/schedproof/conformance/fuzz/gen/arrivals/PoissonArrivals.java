package org.schedproof.conformance.fuzz.gen.arrivals;

import org.schedproof.conformance.fuzz.gen.Arrivals;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Sketch;

/** Poisson arrivals at 1 to 10,000 requests per second (log-uniform). */
public final class PoissonArrivals implements Arrivals {
    @Override
    public String name() {
        return "poisson";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        double qps = Math.pow(10, 4 * d.rng().nextDouble());
        long t = 0;
        for (int i = 0; i < s.requests; i++) {
            if (i > 0) t += Math.round(d.exponential(1e6 / qps));
            s.arrivalUs[i] = t;
        }
    }
}
