package org.schedproof.invariants.model;

import org.schedproof.spec.PromptTokens;

/**
 * The weight generator of spec/MODEL.md section 3.1: element {@code i} of tensor {@code t} is the top 6 bits of the
 * {@code (i+1)}-th SplitMix64 output seeded with {@code key(seed, t)}, minus 32. Tensor ids are those of section 3.2.
 */
public final class Weights {
    static final long GAMMA = 0x9E3779B97F4A7C15L;
    static final int EMBEDDING = 0;
    static final int POSITION = 1;
    static final int OUTPUT = 2;

    private Weights() {}

    /** The stream key of tensor {@code t}: {@code mix64(mix64(seed) + (t + 1)·GAMMA)}, modulo 2^64. */
    public static long key(long seed, int tensor) {
        return PromptTokens.mix64(PromptTokens.mix64(seed) + (tensor + 1L) * GAMMA);
    }

    /** Element {@code i} of the tensor whose stream key is {@code key}, in [-32, 31]. */
    public static int weight(long key, long i) {
        return (int) (PromptTokens.mix64(key + (i + 1) * GAMMA) >>> 58) - 32;
    }

    /** {@code weight(seed, t, i)} of MODEL.md 3.1. */
    public static int weight(long seed, int tensor, long i) {
        return weight(key(seed, tensor), i);
    }

    /** Tensor {@code t} of {@code rows x cols}, row-major (element (r, c) is index r·cols + c). */
    static int[] matrix(long seed, int tensor, int rows, int cols) {
        long k = key(seed, tensor);
        int[] m = new int[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < m.length; i++) m[i] = weight(k, i);
        return m;
    }

    /** The id of tensor {@code index} (0 = Wq .. 6 = Wd) of layer {@code l}: 16 + 8·l + index. */
    static int layerTensor(int l, int index) {
        return 16 + 8 * l + index;
    }
}
