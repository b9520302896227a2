package org.schedproof.engine.model;

import java.util.List;

/**
 * The shape of the exact-integer model (spec/MODEL.md section 2). Multi-head attention with one K/V head per query
 * head, so a position's KV per layer is two int8 vectors of {@link #kvDim()} = dModel.
 */
public record ModelShape(String name, int vocab, int dModel, int layers, int heads, int dFf) {
    /** Accumulations are exact in int32 as long as no dot product has more than 2^16 terms (spec/MODEL.md 4). */
    public static final int MAX_DIM = 1 << 16;

    /** Unit tests: a forward step is ~0.1 M multiply-adds plus attention. */
    public static final ModelShape TINY = new ModelShape("tiny", 512, 64, 2, 4, 128);
    /** A bit bigger, still quick on a CPU: ~4.5 M multiply-adds per token. */
    public static final ModelShape SMALL = new ModelShape("small", 4096, 256, 4, 8, 768);
    /** Llama-2-7B's shape for GPU throughput benchmarks (6.7 G int8 weights); never built on a CPU in tests. */
    public static final ModelShape LLAMA7B = new ModelShape("llama7b", 32000, 4096, 32, 32, 11008);

    /** The named shapes, in registry order. */
    public static final List<ModelShape> KNOWN = List.of(TINY, SMALL, LLAMA7B);

    public ModelShape {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("model shape needs a name");
        }
        if (vocab < 2 || vocab > org.schedproof.spec.PromptTokens.TOKEN_SPACE) {
            throw new IllegalArgumentException("shape " + name + ": vocab must lie in [2, 32768], got " + vocab);
        }
        if (dModel < 1 || dModel > MAX_DIM || dFf < 1 || dFf > MAX_DIM) {
            throw new IllegalArgumentException("shape " + name + ": dModel and dFf must lie in [1, " + MAX_DIM
                    + "], got " + dModel + " and " + dFf);
        }
        if (layers < 1 || heads < 1 || dModel % heads != 0) {
            throw new IllegalArgumentException("shape " + name + ": need layers >= 1 and heads >= 1 dividing dModel,"
                    + " got layers " + layers + ", heads " + heads + ", dModel " + dModel);
        }
    }

    /** Looks a shape up by name; the error names the known shapes. */
    public static ModelShape named(String name) {
        for (ModelShape s : KNOWN) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown model shape '" + name + "'; known shapes: "
                + KNOWN.stream().map(ModelShape::name).toList());
    }

    public int headDim() {
        return dModel / heads;
    }

    /** Length of the K vector (and of the V vector) of one position in one layer. */
    public int kvDim() {
        return dModel;
    }

    /** Bytes of one position's KV slot: for each layer, K[kvDim] then V[kvDim], int8 each. */
    public int kvBytesPerPosition() {
        return 2 * layers * kvDim();
    }

    /** Number of int8 weights the model materialises (embedding, layers, output; the position term is generated). */
    public long weightCount() {
        long perLayer = 4L * dModel * dModel + 3L * dModel * dFf;
        return 2L * vocab * dModel + layers * perLayer;
    }

    /**
     * Multiply-adds to compute one position that attends to {@code attended} positions (itself included), logits
     * included: the weights once, plus 2 * dModel per attended position per layer.
     */
    public long macsPerPosition(long attended) {
        return weightCount() - (long) vocab * dModel + 2L * layers * dModel * attended;
    }
}
