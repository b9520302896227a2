package org.schedproof.invariants.model;

/**
 * The integer operations of spec/MODEL.md section 4, on mathematical integers held in {@code long} (wider than the
 * widths of section 7 everywhere, which the spec allows): saturation, rounding shifts and divisions, the exact
 * square root, requantization, RMS norm, ReGLU and the softmax weights.
 */
public final class IntegerOps {
    /** {@code EXP2[i] = round(2^15 · 2^(-i/32))}, copied from MODEL.md section 4 as it asks. */
    static final int[] EXP2 = {
        32768, 32066, 31379, 30706, 30048, 29405, 28774, 28158, 27554, 26964, 26386, 25821, 25268, 24726, 24196, 23678,
        23170, 22674, 22188, 21713, 21247, 20792, 20347, 19911, 19484, 19066, 18658, 18258, 17867, 17484, 17109, 16743,
    };

    private IntegerOps() {}

    public static int sat8(long x) {
        return (int) Math.min(127, Math.max(-128, x));
    }

    public static int sat16(long x) {
        return (int) Math.min(32767, Math.max(-32768, x));
    }

    /** {@code (x + 2^(s-1)) >> s}: nearest, halves towards +infinity; s >= 1. */
    public static long rshiftRound(long x, int s) {
        return (x + (1L << (s - 1))) >> s;
    }

    /** {@code (2a + b) // (2b)} with floor division: nearest, halves towards +infinity; b > 0. */
    public static long divRound(long a, long b) {
        return Math.floorDiv(2 * a + b, 2 * b);
    }

    /** The largest r >= 0 with r·r <= x (x >= 0): a double estimate corrected to the exact floor. */
    public static long isqrt(long x) {
        if (x < 0) throw new IllegalArgumentException("isqrt of " + x);
        long r = (long) Math.sqrt((double) x);
        while (r > x / Math.max(r, 1)) r--; // r·r > x, compared without overflow
        while (r + 1 <= x / (r + 1)) r++;
        return r;
    }

    /** The requantization multiplier {@code M(n) = 2^20 // isqrt(n)} of an accumulator over n inputs. */
    public static long requantMultiplier(int n) {
        return (1L << 20) / isqrt(n);
    }

    /** {@code sat8(rshift_round(acc · M(n), 24))}, given {@code m = M(n)}. */
    public static int requant(long acc, long m) {
        return sat8(rshiftRound(acc * m, 24));
    }

    /** RMS norm of {@code x[0..n)} (int16 values) to int8, into {@code y}. */
    public static void rmsnorm(int[] x, int n, int[] y) {
        long ss = 0;
        for (int j = 0; j < n; j++) ss += (long) x[j] * x[j];
        long d = isqrt((ss << 16) / n);
        for (int j = 0; j < n; j++) y[j] = d == 0 ? 0 : sat8(divRound(x[j] * 8192L, d));
    }

    public static int reglu(int g, int u) {
        return sat8(rshiftRound((long) Math.max(g, 0) * u, 5));
    }

    /** The softmax temperature {@code A(hd) = 2^20 // isqrt(hd)}. */
    public static long softmaxScale(int hd) {
        return (1L << 20) / isqrt(hd);
    }

    /**
     * The softmax weights of scores {@code s[0..n)} into {@code w}, given {@code a = A(hd)}; returns their sum S
     * ({@code >= 32768}: the maximum has weight EXP2[0]).
     */
    public static long softmaxWeights(int[] s, int n, long a, int[] w) {
        int max = Integer.MIN_VALUE;
        for (int t = 0; t < n; t++) max = Math.max(max, s[t]);
        long sum = 0;
        for (int t = 0; t < n; t++) {
            long z = (((long) max - s[t]) * a) >> 24;
            w[t] = z >= 512 ? 0 : EXP2[(int) (z & 31)] >> (z >> 5);
            sum += w[t];
        }
        return sum;
    }
}
