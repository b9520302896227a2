package org.schedproof.conformance.fuzz;

import org.schedproof.conformance.certify.Level;
import org.schedproof.conformance.certify.ScheduleDifferential;
import org.schedproof.conformance.certify.TraceDifferential;

/**
 * Which verdicts fail a case: the catalogue's invariants up to a certification level (L1 safety, liveness, batching;
 * L2 adds the policy's fairness and order; L3 adds the differential, DIFF-TRACE or DIFF-SCHEDULE by target), or all of them. The engine's own
 * rejections ({@code ENGINE-*}), a port's protocol failures ({@code PORT-*}) and crashes of a run
 * ({@code HARNESS-*}) fail a case at every level.
 */
public record Oracles(Level level) {
    public static final Oracles ALL = new Oracles(Level.L3);

    /** {@code all}, or a level such as {@code L2}. */
    public static Oracles parse(String s) {
        return s.equalsIgnoreCase("all") ? ALL : new Oracles(Level.parse(s));
    }

    public boolean judges(String id) {
        if (id.startsWith("ENGINE-") || id.startsWith("PORT-") || id.startsWith("HARNESS-")) return true;
        return level.judges(id);
    }

    /** Whether the differential against a twin run is judged (it costs a second run). */
    public boolean differential() {
        return level.judges(ScheduleDifferential.ID) && level.judges(TraceDifferential.ID);
    }

    @Override
    public String toString() {
        return this.equals(ALL) ? "all (L3)" : level.name();
    }
}
