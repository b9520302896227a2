package org.schedproof.conformance.fuzz.gen;

/**
 * What prompts share: fills {@link Sketch#prompt} from the drawn lengths (a structure may lengthen a prompt, as a
 * conversation's turn carries its history).
 */
public interface Prefixes {
    String name();

    void fill(Draw d, Sketch s);
}
