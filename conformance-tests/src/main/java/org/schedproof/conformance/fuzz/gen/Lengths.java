package org.schedproof.conformance.fuzz.gen;

/** How long prompts and outputs are: fills {@link Sketch#promptLength} and {@link Sketch#output}, each at least 1. */
public interface Lengths {
    String name();

    void fill(Draw d, Sketch s);
}
