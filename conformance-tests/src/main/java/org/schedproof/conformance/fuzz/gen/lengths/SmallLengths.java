package org.schedproof.conformance.fuzz.gen.lengths;

import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Lengths;
import org.schedproof.conformance.fuzz.gen.Sketch;

/** Prompts of 1 to 96 tokens and outputs of 1 to 16, uniform. */
public final class SmallLengths implements Lengths {
    @Override
    public String name() {
        return "small";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        for (int i = 0; i < s.requests; i++) {
            s.promptLength[i] = d.between(1, 96);
            s.output[i] = d.between(1, 16);
        }
    }
}
