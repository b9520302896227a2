package org.schedproof.engine.model;

import static org.schedproof.spec.PromptTokens.mix64;

/**
 * The counter-based weight generator of spec/MODEL.md section 3: element i of tensor t under seed s is
 * {@code (mix64(key(s, t) + (i + 1) * GAMMA) >>> 58) - 32}, a value in [-32, 31], with
 * {@code key(s, t) = mix64(mix64(s) + (t + 1) * GAMMA)}; all arithmetic modulo 2^64. Any element is computable on its
 * own, which is what lets the position term be unbounded and a GPU generate its weights in parallel.
 */
public final class WeightGenerator {
    /** SplitMix64's increment, floor(2^64 / golden ratio), odd. */
    public static final long GAMMA = 0x9E3779B97F4A7C15L;

    /** Tensor ids (spec/MODEL.md 3.2). */
    public static final int EMBEDDING = 0;
    public static final int POSITION = 1;
    public static final int OUTPUT = 2;
    public static final int WQ = 0;
    public static final int WK = 1;
    public static final int WV = 2;
    public static final int WO = 3;
    public static final int W_GATE = 4;
    public static final int W_UP = 5;
    public static final int W_DOWN = 6;

    private WeightGenerator() {}

    /** Id of matrix {@code kind} (WQ..W_DOWN) of layer {@code layer}: 16 + 8 * layer + kind. */
    public static int layerTensor(int layer, int kind) {
        return 16 + 8 * layer + kind;
    }

    public static long tensorKey(long seed, int tensor) {
        return mix64(mix64(seed) + (tensor + 1L) * GAMMA);
    }

    /** Element {@code index} of the tensor whose key is {@code tensorKey}. */
    //@ ensures -32 <= \result && \result <= 31;
    //@ pure
    public static int value(long tensorKey, long index) {
        return (int) (mix64(tensorKey + (index + 1) * GAMMA) >>> 58) - 32;
    }

    public static int value(long seed, int tensor, long index) {
        return value(tensorKey(seed, tensor), index);
    }

    /** A whole tensor of {@code length} elements as int8. */
    public static byte[] tensor(long seed, int tensor, int length) {
        long key = tensorKey(seed, tensor);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) value(key, i);
        }
        return out;
    }
}
