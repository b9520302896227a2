package org.schedproof.conformance.fuzz.gen.lengths;

import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Lengths;
import org.schedproof.conformance.fuzz.gen.Sketch;

/** The edge of the range: 1-token prompts and 1-token outputs, mixed with 2 and 3 (every decode is also a finish). */
public final class TinyLengths implements Lengths {
    @Override
    public String name() {
        return "tiny";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        for (int i = 0; i < s.requests; i++) {
            s.promptLength[i] = d.pick(1, 1, 2, 3);
            s.output[i] = d.pick(1, 1, 2, 3);
        }
    }
}
