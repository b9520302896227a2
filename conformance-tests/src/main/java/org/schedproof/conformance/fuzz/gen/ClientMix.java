package org.schedproof.conformance.fuzz.gen;

/** Which client sends each request: fills {@link Sketch#clients} and {@link Sketch#client}. */
public interface ClientMix {
    String name();

    void fill(Draw d, Sketch s);
}
