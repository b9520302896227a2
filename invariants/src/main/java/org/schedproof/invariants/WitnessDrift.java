package org.schedproof.invariants;

import java.util.HashMap;
import java.util.Map;

/**
 * A policy's witness values against their recomputation, key by key. The gap ({@code seen - recomputed}) is tracked
 * from step to step, so one wrong charge or lift is one violation when it appears, not one at every later step.
 */
final class WitnessDrift {
    private final Map<String, Long> gaps = new HashMap<>();
    private final Map<String, Boolean> missing = new HashMap<>();

    /** Whether {@code witness} has some key of the policy's ({@code prefix}, e.g. {@code vtc.}): else nothing to judge. */
    static boolean names(Map<String, Long> witness, String prefix) {
        for (String k : witness.keySet()) {
            if (k.startsWith(prefix)) return true;
        }
        return false;
    }

    /** Records this step's gap of {@code key} and returns the previous one (0 before any). */
    long record(String key, long seen, long recomputed) {
        Long before = gaps.put(key, seen - recomputed);
        return before == null ? 0 : before;
    }

    /** Whether the gap of {@code key} recorded last differs from {@code previous}, its value before. */
    boolean changed(String key, long previous) {
        return gaps.get(key) != previous;
    }

    /** True the first time {@code key} is missing from a witness that names others. */
    boolean firstMissing(String key) {
        return missing.put(key, true) == null;
    }

    /** " (off by P at the previous step, by G now)" when the gap was already non-zero, else "". */
    String history(String key, long previous) {
        return previous == 0 ? "" : " (off by " + previous + " at the previous step, by " + gaps.get(key) + " now)";
    }
}
