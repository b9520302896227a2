package org.schedproof.invariants.model;

import java.util.List;
import java.util.Optional;

/**
 * A model shape of spec/MODEL.md section 2: vocabulary {@code vocab}, width {@code d}, {@code layers}, {@code heads}
 * and FFN width {@code ff}; {@code hd = d / heads} is a head's width.
 */
public record Shape(String name, int vocab, int d, int layers, int heads, int ff) {
    public static final Shape TINY = new Shape("tiny", 512, 64, 2, 4, 128);
    public static final Shape SMALL = new Shape("small", 4096, 256, 4, 8, 768);
    public static final Shape LLAMA7B = new Shape("llama7b", 32000, 4096, 32, 32, 11008);

    /** The named shapes, in the order of MODEL.md's table. */
    public static final List<Shape> ALL = List.of(TINY, SMALL, LLAMA7B);

    public Shape {
        if (vocab < 2 || vocab > 32768 || d < 1 || d > 65536 || ff < 1 || ff > 65536 || layers < 1 || heads < 1
                || d % heads != 0) {
            throw new IllegalArgumentException("shape " + name + " breaks MODEL.md section 2's constraints");
        }
    }

    /** The shape of that name, if MODEL.md names it. */
    public static Optional<Shape> named(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    public int headDim() {
        return d / heads;
    }

    /** Weights held in memory: E and Wout, then per layer Wq, Wk, Wv, Wo, Wg, Wu, Wd (P is generated). */
    public long weights() {
        return 2L * vocab * d + (long) layers * (4L * d * d + 3L * d * ff);
    }
}
