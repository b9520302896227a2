package org.schedproof.engine.workload;

import org.schedproof.spec.PromptTokens;

/**
 * Segment keys of workloads (spec/WORKLOAD.md, "Segment keys"): {@code key(kind, value) = mix64((kind << 56) | value)}.
 * mix64 is a bijection, so distinct (kind, value) pairs never collide: a Mooncake block never shares tokens with a
 * request-private segment by accident.
 */
public final class PromptKeys {
    /** A Mooncake prefix block; value = its hash id. */
    public static final int MOONCAKE_BLOCK = 1;
    /** The one segment private to a request; value = the request's id (its 0-based row in a time-ordered file). */
    public static final int REQUEST = 2;
    /** A client's shared system prompt; value = the client's index. */
    public static final int SYSTEM_PROMPT = 3;
    /** A generated conversation segment (question or answer); value = a per-workload counter. */
    public static final int SEGMENT = 4;

    /** Values must lie in [0, 2^56). */
    public static final long MAX_VALUE = (1L << 56) - 1;

    private PromptKeys() {}

    public static long key(int kind, long value) {
        if (kind < 0 || kind > 255) {
            throw new IllegalArgumentException("kind " + kind + " is not in [0, 255]");
        }
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("key value " + value + " is not in [0, 2^56)");
        }
        return PromptTokens.mix64(((long) kind << 56) | value);
    }
}
