package org.schedproof.conformance.fuzz.gen;

/** When each request arrives: fills {@link Sketch#arrivalUs}, non-decreasing, in µs. */
public interface Arrivals {
    String name();

    void fill(Draw d, Sketch s);
}
