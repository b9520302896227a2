package org.schedproof.conformance.mutants;

import java.util.function.Supplier;
import org.schedproof.spec.sched.Scheduler;

/**
 * A deliberately broken scheduler of the gallery: a short name, the one bug it carries (in the words an issue tracker
 * would use), and a factory for a fresh instance (schedulers hold the state of one run).
 */
public record Mutant(String name, String bug, Supplier<Scheduler> factory) {
    /** A fresh instance. */
    public Scheduler create() {
        return factory.get();
    }
}
