package org.schedproof.conformance.certify;

import java.util.Arrays;

/**
 * Certification levels (spec/LEVELS.md): each level judges every invariant of the one below and more. L1 is safety
 * and liveness (SAFE-*, LIVE-*, BATCH-*), L2 adds the policy's own guarantees (FAIR-*, ORDER-*), L3 adds the
 * differential: the same schedule as the reference policy with the same parameters (DIFF-SCHEDULE).
 */
public enum Level {
    L1, L2, L3;

    /** The level at which a catalogue id is first judged; an id of no known family is an error, never ignored. */
    public static Level of(String invariantId) {
        if (invariantId.startsWith("SAFE-") || invariantId.startsWith("LIVE-") || invariantId.startsWith("BATCH-")) return L1;
        if (invariantId.startsWith("FAIR-") || invariantId.startsWith("ORDER-")) return L2;
        if (invariantId.startsWith("DIFF-")) return L3;
        throw new IllegalArgumentException("invariant '" + invariantId + "' belongs to no certification level");
    }

    /** Whether a certificate at this level judges {@code invariantId}. */
    public boolean judges(String invariantId) {
        return of(invariantId).compareTo(this) <= 0;
    }

    /** {@code L1}, {@code l2}, {@code 3}: the level so named. */
    public static Level parse(String s) {
        String t = s.trim().toUpperCase();
        if (!t.startsWith("L")) t = "L" + t;
        String name = t;
        return Arrays.stream(values()).filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown level '" + s + "'; known: L1, L2, L3"));
    }
}
