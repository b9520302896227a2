package org.schedproof.conformance.fuzz.gen.arrivals;

import org.schedproof.conformance.fuzz.gen.Arrivals;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Sketch;

/**
 * On-off: Poisson at 100 to 10,000 per second while on (10 to 200 ms), silence while off (50 ms to 2 s), so queues
 * fill, drain completely, and fill again (a returning client's counter is lifted, its deficit refilled).
 */
public final class OnOffArrivals implements Arrivals {
    @Override
    public String name() {
        return "onoff";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        double qps = Math.pow(10, 2 + 2 * d.rng().nextDouble());
        long on = d.between(10_000, 200_000);
        long off = d.between(50_000, 2_000_000);
        long active = 0;
        for (int i = 0; i < s.requests; i++) {
            if (i > 0) active += Math.round(d.exponential(1e6 / qps));
            s.arrivalUs[i] = active / on * (on + off) + active % on;
        }
    }
}
