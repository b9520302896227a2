package org.schedproof.conformance.fuzz.gen.lengths;

import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Lengths;
import org.schedproof.conformance.fuzz.gen.Sketch;

/** Pareto lengths (shape 1.1 to 2): mostly short, now and then one far longer (prompts to 1,024, outputs to 64). */
public final class HeavyTailLengths implements Lengths {
    @Override
    public String name() {
        return "heavy-tail";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        double alpha = 1.1 + 0.9 * d.rng().nextDouble();
        for (int i = 0; i < s.requests; i++) {
            s.promptLength[i] = (int) Math.min(1024, Math.round(4 * d.pareto(alpha)));
            s.output[i] = (int) Math.min(64, Math.round(d.pareto(alpha)));
        }
    }
}
