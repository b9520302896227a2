package org.schedproof.conformance.reproduce;

import java.util.List;

/** The registry of reproduction experiments: a new one is a data file in {@code reproduce/} plus one line here. */
public final class Experiments {
    private Experiments() {}

    /** Names in the order REPRODUCTION.md lists them. */
    public static final List<String> NAMES = List.of("dlpm", "d2lpm", "sarathi", "ltr", "alise");

    public static Experiment load(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown experiment '" + name + "'; known: " + NAMES + " or all");
        }
        return ExperimentFile.resource(name);
    }
}
