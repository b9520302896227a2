package org.schedproof.gpu.cuda;

import java.util.List;

/**
 * A model shape of spec/MODEL.md section 2 (the table is normative; reference-engine's ModelShape holds the same rows).
 * The kernels read weights and activations as 32-bit words of four int8 values, so the GPU serves only shapes whose
 * dModel, dFf and head dimension are multiples of 4, with a head dimension of at most 512.
 */
public record Shape(String name, int vocab, int dModel, int layers, int heads, int dFf) {
    public static final Shape TINY = new Shape("tiny", 512, 64, 2, 4, 128);
    public static final Shape SMALL = new Shape("small", 4096, 256, 4, 8, 768);
    public static final Shape LLAMA7B = new Shape("llama7b", 32000, 4096, 32, 32, 11008);
    public static final List<Shape> KNOWN = List.of(TINY, SMALL, LLAMA7B);

    public Shape {
        if (vocab < 2 || vocab > 32768 || dModel < 1 || dModel > 65536 || dFf < 1 || dFf > 65536 || layers < 1
                || heads < 1 || dModel % heads != 0) {
            throw new IllegalArgumentException("shape " + name + " breaks the constraints of spec/MODEL.md 2");
        }
        if (dModel % 4 != 0 || dFf % 4 != 0 || (dModel / heads) % 4 != 0 || dModel / heads > 512) {
            throw new IllegalArgumentException("shape " + name + ": the GPU kernels need dModel, dFf and the head"
                    + " dimension divisible by 4 and a head dimension of at most 512");
        }
    }

    public static Shape named(String name) {
        for (Shape s : KNOWN) {
            if (s.name.equals(name)) return s;
        }
        throw new IllegalArgumentException("unknown model shape '" + name + "'; known shapes: "
                + KNOWN.stream().map(Shape::name).toList());
    }

    public int headDim() {
        return dModel / heads;
    }

    /** Bytes of one position's KV slot: per layer K[dModel] then V[dModel]. */
    public long slotBytes() {
        return 2L * layers * dModel;
    }

    /** int8 weights held on the device (the position term is generated, not stored). */
    public long weightBytes() {
        return 2L * vocab * dModel + layers * (4L * dModel * dModel + 3L * dModel * dFf);
    }
}
