package org.schedproof.invariants.model;

import static org.schedproof.invariants.model.IntegerOps.requant;
import static org.schedproof.invariants.model.IntegerOps.sat16;

import java.util.Arrays;
import org.schedproof.spec.ModelSpec;

/**
 * The exact-integer transformer of spec/MODEL.md for one shape and seed: the weights of section 3 generated once,
 * the forward pass of section 5 one position at a time ({@link Sequence} holds a sequence's KV), the logits of
 * section 5.3 and the next token of section 6. It holds its weights as ints ({@link Shape#weights()} of them: 0.7 MB
 * for tiny, 22 MB for small; llama7b's 27 GB are beyond a CPU oracle). Not thread-safe: its sequences share its
 * scratch vectors.
 */
public final class Model {
    private final Shape shape;
    private final long seed;
    final int d;
    private final int vocab;
    private final int layers;
    private final int heads;
    private final int hd;
    private final int ff;
    private final int[] embedding;
    private final int[] output;
    /** Per layer: Wq, Wk, Wv, Wo, Wg, Wu, Wd (tensor 16 + 8·l + index). */
    private final int[][][] layer;
    private final long positionKey;
    private final long mD;
    private final long mF;
    private final long aHd;
    // Scratch of the position being computed: residual, normed input, projections, attention output, FFN.
    private final int[] h;
    private final int[] a;
    private final int[] q;
    private final int[] o;
    private final int[] y;
    private final int[] g;
    private final int[] u;
    private int[] scores = new int[64];
    private int[] weights = new int[64];

    public Model(Shape shape, long seed) {
        this.shape = shape;
        this.seed = seed;
        d = shape.d();
        vocab = shape.vocab();
        layers = shape.layers();
        heads = shape.heads();
        hd = shape.headDim();
        ff = shape.ff();
        embedding = Weights.matrix(seed, Weights.EMBEDDING, vocab, d);
        output = Weights.matrix(seed, Weights.OUTPUT, vocab, d);
        positionKey = Weights.key(seed, Weights.POSITION);
        layer = new int[layers][][];
        for (int l = 0; l < layers; l++) {
            int[][] w = new int[7][];
            for (int i = 0; i < 4; i++) w[i] = Weights.matrix(seed, Weights.layerTensor(l, i), d, d);
            w[4] = Weights.matrix(seed, Weights.layerTensor(l, 4), ff, d);
            w[5] = Weights.matrix(seed, Weights.layerTensor(l, 5), ff, d);
            w[6] = Weights.matrix(seed, Weights.layerTensor(l, 6), d, ff);
            layer[l] = w;
        }
        mD = IntegerOps.requantMultiplier(d);
        mF = IntegerOps.requantMultiplier(ff);
        aHd = IntegerOps.softmaxScale(hd);
        h = new int[d];
        a = new int[d];
        q = new int[d];
        o = new int[d];
        y = new int[d];
        g = new int[ff];
        u = new int[ff];
    }

    /** The model a trace header names; throws IllegalArgumentException for {@code off} or a shape MODEL.md lacks. */
    public static Model of(ModelSpec spec) {
        Shape s = Shape.named(spec.shape()).orElseThrow(() -> new IllegalArgumentException("model '" + spec.id()
                + "': shape is not one of MODEL.md section 2 (tiny, small, llama7b)"));
        return new Model(s, spec.seed());
    }

    public Shape shape() {
        return shape;
    }

    public long seed() {
        return seed;
    }

    /** An empty sequence of this model. */
    public Sequence newSequence() {
        return new Sequence(this, layers);
    }

    /** The index of the largest logit; among equal maxima the lowest index (MODEL.md section 6). */
    public static int argmax(int[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) best = i;
        }
        return best;
    }

    /**
     * Computes position {@code p} of token {@code token} (MODEL.md 5.1 and 5.2): stores its K and V in
     * {@code keys[l]} and {@code values[l]}, which hold positions 0..p-1 already, and leaves its residual stream in
     * the scratch for {@link #logits()}. KV is stored by component: element j of position t at {@code j·capacity + t},
     * so that a head's scores and weighted sums run along positions (long loops, not 16-element ones).
     */
    void position(int token, int p, byte[][] keys, byte[][] values, int capacity) {
        int row = token % vocab * d;
        long base = (long) p * d;
        for (int j = 0; j < d; j++) h[j] = embedding[row + j] + Weights.weight(positionKey, base + j);
        if (scores.length < p + 1) {
            scores = new int[Math.max(p + 1, 2 * scores.length)];
            weights = new int[scores.length];
        }
        for (int l = 0; l < layers; l++) {
            int[][] w = layer[l];
            byte[] kl = keys[l];
            byte[] vl = values[l];
            IntegerOps.rmsnorm(h, d, a);
            matvec(w[0], d, a, d, mD, q);
            for (int r = 0, i = 0; r < d; r++, i += d) {
                kl[r * capacity + p] = (byte) requant(dot(w[1], i, a, d), mD);
                vl[r * capacity + p] = (byte) requant(dot(w[2], i, a, d), mD);
            }
            for (int head = 0; head < heads; head++) attend(head * hd, p + 1, kl, vl, capacity);
            matvec(w[3], d, o, d, mD, y);
            for (int r = 0; r < d; r++) h[r] = sat16(h[r] + y[r]);
            IntegerOps.rmsnorm(h, d, a);
            matvec(w[4], ff, a, d, mD, g);
            matvec(w[5], ff, a, d, mD, u);
            for (int r = 0; r < ff; r++) g[r] = IntegerOps.reglu(g[r], u[r]);
            matvec(w[6], d, g, ff, mF, y);
            for (int r = 0; r < d; r++) h[r] = sat16(h[r] + y[r]);
        }
    }

    /** One head (its slice starts at {@code lo}) over positions 0..n-1: scores, softmax weights, weighted V into o. */
    private void attend(int lo, int n, byte[] kl, byte[] vl, int capacity) {
        Arrays.fill(scores, 0, n, 0);
        for (int j = lo; j < lo + hd; j++) {
            int qj = q[j];
            for (int t = 0, i = j * capacity; t < n; t++, i++) scores[t] += qj * kl[i];
        }
        long sum = IntegerOps.softmaxWeights(scores, n, aHd, weights);
        for (int j = lo; j < lo + hd; j++) {
            long acc = 0;
            int row = j * capacity;
            // blocks of 256 positions sum exactly in an int: 256 · 2^15 · 2^7 = 2^30 (MODEL.md section 7)
            for (int from = 0; from < n; from += 256) {
                int part = 0;
                for (int t = from, to = Math.min(n, from + 256); t < to; t++) part += weights[t] * vl[row + t];
                acc += part;
            }
            o[j] = (int) IntegerOps.divRound(acc, sum);
        }
    }

    /** The logits of the position computed last (MODEL.md 5.3). */
    int[] logits() {
        IntegerOps.rmsnorm(h, d, a);
        int[] logit = new int[vocab];
        for (int v = 0, i = 0; v < vocab; v++, i += d) logit[v] = (int) dot(output, i, a, d);
        return logit;
    }

    /** {@code out[r] = requant(sum_c w[r][c]·x[c])} for r < rows, with c < cols and multiplier {@code m}. */
    private static void matvec(int[] w, int rows, int[] x, int cols, long m, int[] out) {
        for (int r = 0, i = 0; r < rows; r++, i += cols) out[r] = requant(dot(w, i, x, cols), m);
    }

    /** {@code sum_c w[from + c]·x[c]}, exact: |w·x| <= 2^14 and n <= 2^16 terms fit an int (MODEL.md section 7). */
    private static long dot(int[] w, int from, int[] x, int n) {
        int s = 0;
        for (int c = 0; c < n; c++) s += w[from + c] * x[c];
        return s;
    }
}
