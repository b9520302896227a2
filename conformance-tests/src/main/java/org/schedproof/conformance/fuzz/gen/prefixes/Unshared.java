package org.schedproof.conformance.fuzz.gen.prefixes;

import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Prefixes;
import org.schedproof.conformance.fuzz.gen.Sketch;
import org.schedproof.spec.Prompt;

/** Every prompt its own single segment: no prefix is shared. */
public final class Unshared implements Prefixes {
    @Override
    public String name() {
        return "unshared";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        for (int i = 0; i < s.requests; i++) s.prompt[i] = Prompt.single(d.key(), s.promptLength[i]);
    }
}
