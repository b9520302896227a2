package org.schedproof.conformance.fuzz.gen.arrivals;

import org.schedproof.conformance.fuzz.gen.Arrivals;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Sketch;

/** Everything at once: every request at time 0, or in 2 to 3 waves at the same instant each (ties by id). */
public final class AllAtOnce implements Arrivals {
    @Override
    public String name() {
        return "at-once";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        int waves = d.pick(1, 1, 2, 3);
        long spacing = d.between(1, 500_000);
        for (int i = 0; i < s.requests; i++) s.arrivalUs[i] = (long) i * waves / s.requests * spacing;
    }
}
