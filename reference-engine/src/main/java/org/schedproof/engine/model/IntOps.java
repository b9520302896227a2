package org.schedproof.engine.model;

/**
 * The integer operations of spec/MODEL.md section 4, one static method each, over plain ints and arrays. Every
 * rounding and saturation rule of the model lives here so that a port can be checked against one small file.
 */
public final class IntOps {
    /** Fractional bits of the requantization multiplier: y = sat8(rshiftRound(acc * M_n, REQUANT_SHIFT)). */
    public static final int REQUANT_SHIFT = 24;
    /** RMS norm output scale: the norm maps its input to int8 with root mean square about NORM_RMS. */
    public static final int NORM_RMS = 32;
    /** ReGLU product shift: m = sat8(rshiftRound(max(g, 0) * u, REGLU_SHIFT)). */
    public static final int REGLU_SHIFT = 5;
    /** Fixed-point bits of the softmax weights: the largest score of a head gets weight 2^EXP_BITS. */
    public static final int EXP_BITS = 15;
    /** Entries of EXP2_TABLE: one octave of exp2 in 1/32 steps. */
    public static final int EXP_STEPS = 32;
    /** Shift applied to (max - score) * attentionMultiplier(headDim) to reach 1/32 steps of log2. */
    public static final int ATTN_SHIFT = 24;
    /**
     * EXP2_TABLE[i] = round(2^15 * 2^(-i/32)), i = 0..31 (spec/MODEL.md lists the same values; a port copies
     * them rather than recomputing, so no libm can disagree).
     */
    static final int[] EXP2_TABLE = {
        32768, 32066, 31379, 30706, 30048, 29405, 28774, 28158,
        27554, 26964, 26386, 25821, 25268, 24726, 24196, 23678,
        23170, 22674, 22188, 21713, 21247, 20792, 20347, 19911,
        19484, 19066, 18658, 18258, 17867, 17484, 17109, 16743,
    };

    /** isqrt(Long.MAX_VALUE). */
    private static final long MAX_ROOT = 3037000499L;

    private IntOps() {}

    /** Clamp to int8 [-128, 127]. */
    //@ ensures -128 <= \result && \result <= 127;
    //@ ensures (-128 <= v && v <= 127) ==> \result == v;
    //@ pure
    public static int sat8(long v) {
        return v < -128 ? -128 : v > 127 ? 127 : (int) v;
    }

    /** Clamp to int16 [-32768, 32767]. */
    //@ ensures -32768 <= \result && \result <= 32767;
    //@ ensures (-32768 <= v && v <= 32767) ==> \result == v;
    //@ pure
    public static int sat16(long v) {
        return v < -32768 ? -32768 : v > 32767 ? 32767 : (int) v;
    }

    /** floor((v + 2^(s-1)) / 2^s): round to nearest, halves towards +infinity (an arithmetic shift). */
    //@ requires 1 <= s && s <= 62;
    //@ pure
    public static long rshiftRound(long v, int s) {
        return (v + (1L << (s - 1))) >> s;
    }

    /** floor(sqrt(v)) exactly, for 0 <= v <= Long.MAX_VALUE. */
    //@ requires v >= 0;
    //@ ensures \result >= 0 && (long) \result * \result <= v && ((long) \result + 1) * ((long) \result + 1) > v;
    //@ pure
    public static long isqrt(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("isqrt of negative " + v);
        }
        // The double estimate is within 1 of the answer; the loops make it exact. r <= MAX_ROOT keeps r*r in range.
        long r = Math.min((long) Math.sqrt((double) v), MAX_ROOT);
        while (r * r > v) {
            r--;
        }
        while (r < MAX_ROOT && (r + 1) * (r + 1) <= v) {
            r++;
        }
        return r;
    }

    /** M_n = floor(2^20 / isqrt(n)): the requantization multiplier of a matrix product over n inputs. */
    //@ requires n >= 1;
    //@ pure
    public static int requantMultiplier(int n) {
        return (int) ((1L << 20) / isqrt(n));
    }

    /** sat8(rshiftRound(acc * multiplier, 24)): an int32 accumulator back to int8. */
    //@ pure
    public static int requant(int acc, int multiplier) {
        return sat8(rshiftRound((long) acc * multiplier, REQUANT_SHIFT));
    }

    /** ReGLU of one gate/up pair: sat8(rshiftRound(max(g, 0) * u, 5)). */
    //@ requires -128 <= g && g <= 127 && -128 <= u && u <= 127;
    //@ ensures -128 <= \result && \result <= 127;
    //@ pure
    public static int reglu(int g, int u) {
        return sat8(rshiftRound((long) Math.max(g, 0) * u, REGLU_SHIFT));
    }

    /** A_hd = floor(2^20 / isqrt(headDim)): softmax temperature, playing the role of 1/sqrt(headDim). */
    //@ requires headDim >= 1;
    //@ pure
    public static int attentionMultiplier(int headDim) {
        return (int) ((1L << 20) / isqrt(headDim));
    }

    /**
     * The unnormalised softmax weight of a score {@code delta} below the head's maximum:
     * z = (delta * A) >> 24; 0 if z >= 512, else EXP2_TABLE[z mod 32] >> (z / 32). delta = 0 gives 2^15.
     */
    //@ requires delta >= 0 && multiplier >= 0;
    //@ ensures 0 <= \result && \result <= 32768;
    //@ pure
    public static int expWeight(long delta, int multiplier) {
        long z = (delta * multiplier) >> ATTN_SHIFT;
        if (z >= (long) EXP_STEPS * (EXP_BITS + 1)) {
            return 0;
        }
        return EXP2_TABLE[(int) (z & (EXP_STEPS - 1))] >> (int) (z >> 5);
    }

    /**
     * Softmax weights of one head's scores, written over {@code scores[from, from + n)} in place:
     * w_t = expWeight(max - s_t, multiplier). Returns their sum (int64), which is at least 2^15.
     */
    //@ requires n >= 1 && 0 <= from && from + n <= scores.length;
    //@ assignable scores[from .. from + n - 1];
    public static long softmaxWeights(int[] scores, int from, int n, int multiplier) {
        int max = Integer.MIN_VALUE;
        for (int t = from; t < from + n; t++) {
            max = Math.max(max, scores[t]);
        }
        long sum = 0;
        for (int t = from; t < from + n; t++) {
            int w = expWeight((long) max - scores[t], multiplier);
            scores[t] = w;
            sum += w;
        }
        return sum;
    }

    /** round(num / den) with halves towards +infinity, den > 0: floor((2 num + den) / (2 den)). */
    //@ requires den > 0;
    //@ pure
    public static long divRound(long num, long den) {
        return Math.floorDiv(2 * num + den, 2 * den);
    }

    /**
     * Integer RMS norm of x[0, n) (int16 values) into y[0, n) (int8 values): ss = sum x^2 (int64),
     * D = isqrt(floor(ss * 2^16 / n)); y_j = 0 if D = 0, else sat8(divRound(x_j * 8192, D)).
     */
    //@ requires 1 <= n && n <= x.length && n <= y.length && n <= 65536;
    //@ assignable y[0 .. n - 1];
    public static void rmsNorm(int[] x, int n, int[] y) {
        long ss = 0;
        for (int j = 0; j < n; j++) {
            ss += (long) x[j] * x[j];
        }
        long d = isqrt((ss << 16) / n);
        if (d == 0) {
            java.util.Arrays.fill(y, 0, n, 0);
            return;
        }
        for (int j = 0; j < n; j++) {
            y[j] = sat8(divRound((long) x[j] * (NORM_RMS * 256), d));
        }
    }
}
