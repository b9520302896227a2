package org.schedproof.spec;

/**
 * The token function of spec/WORKLOAD.md: token {@code i} of a segment is a pure function of the segment key and
 * the offset, so a prompt made of shared segments costs no memory per token and every port derives the same ids.
 */
public final class PromptTokens {
    /** Token ids lie in [0, TOKEN_SPACE); a model maps an id to its embedding row by id mod vocab. */
    public static final int TOKEN_SPACE = 1 << 15;

    private PromptTokens() {}

    //@ ensures 0 <= \result && \result < TOKEN_SPACE;
    //@ pure
    public static int token(long key, int offset) {
        long z = key * 0x9E3779B97F4A7C15L + (offset + 1L) * 0xBF58476D1CE4E5B9L;
        return (int) (mix64(z) >>> 49);
    }

    /** SplitMix64's finalizer (Stafford variant 13); also the counter-based generator of spec/MODEL.md. */
    //@ pure
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
