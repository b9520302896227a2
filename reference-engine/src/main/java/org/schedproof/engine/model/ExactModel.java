package org.schedproof.engine.model;

import java.util.Arrays;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.PromptTokens;

/**
 * The CPU reference of the exact-integer model (spec/MODEL.md). Every value is an integer, every sum is exact, and
 * a position reads only the KV of positions at or before it: so the logits of a position are a function of the
 * tokens up to it alone, whatever the chunking, batching or KV reuse. Immutable and thread-safe; each call to
 * {@link #forward} uses its own scratch space.
 */
public final class ExactModel {
    private final ModelShape shape;
    private final long seed;
    private final long positionKey;
    private final byte[] embedding; // [vocab][d]
    private final byte[] output;    // [vocab][d]
    private final byte[][] wq, wk, wv, wo; // [layer][d][d]
    private final byte[][] wGate, wUp;    // [layer][dFf][d]
    private final byte[][] wDown;          // [layer][d][dFf]
    private final int multD, multF, attnMult;
    /** Positions per int32 partial sum of the attention's weighted V sum. */
    private static final int BLOCK = 256;

    /** Generates all weights of {@code shape} from {@code seed} (spec/MODEL.md 3). */
    public ExactModel(ModelShape shape, long seed) {
        this.shape = shape;
        this.seed = seed;
        long need = shape.weightCount();
        long free = Runtime.getRuntime().maxMemory();
        if (need > free) {
            throw new IllegalStateException("shape " + shape.name() + " has " + need + " int8 weights, more than the "
                    + free + " bytes this JVM may use; it is meant for the GPU engine");
        }
        int d = shape.dModel(), f = shape.dFf(), layers = shape.layers();
        embedding = WeightGenerator.tensor(seed, WeightGenerator.EMBEDDING, shape.vocab() * d);
        output = WeightGenerator.tensor(seed, WeightGenerator.OUTPUT, shape.vocab() * d);
        positionKey = WeightGenerator.tensorKey(seed, WeightGenerator.POSITION);
        wq = new byte[layers][];
        wk = new byte[layers][];
        wv = new byte[layers][];
        wo = new byte[layers][];
        wGate = new byte[layers][];
        wUp = new byte[layers][];
        wDown = new byte[layers][];
        for (int l = 0; l < layers; l++) {
            wq[l] = WeightGenerator.tensor(seed, WeightGenerator.layerTensor(l, WeightGenerator.WQ), d * d);
            wk[l] = WeightGenerator.tensor(seed, WeightGenerator.layerTensor(l, WeightGenerator.WK), d * d);
            wv[l] = WeightGenerator.tensor(seed, WeightGenerator.layerTensor(l, WeightGenerator.WV), d * d);
            wo[l] = WeightGenerator.tensor(seed, WeightGenerator.layerTensor(l, WeightGenerator.WO), d * d);
            wGate[l] = WeightGenerator.tensor(seed, WeightGenerator.layerTensor(l, WeightGenerator.W_GATE), f * d);
            wUp[l] = WeightGenerator.tensor(seed, WeightGenerator.layerTensor(l, WeightGenerator.W_UP), f * d);
            wDown[l] = WeightGenerator.tensor(seed, WeightGenerator.layerTensor(l, WeightGenerator.W_DOWN), d * f);
        }
        multD = IntOps.requantMultiplier(d);
        multF = IntOps.requantMultiplier(f);
        attnMult = IntOps.attentionMultiplier(shape.headDim());
    }

    /** The model a trace names: {@code spec.shape()} is a shape name of {@link ModelShape#named}. */
    public static ExactModel of(ModelSpec spec) {
        if (spec.isOff()) {
            throw new IllegalArgumentException("model spec 'off' computes no tokens");
        }
        return new ExactModel(ModelShape.named(spec.shape()), spec.seed());
    }

    public ModelShape shape() {
        return shape;
    }

    public long seed() {
        return seed;
    }

    /**
     * Computes positions [start, start + tokens.length) of one sequence whose KV for [0, start) is already in kv;
     * writes KV for the new positions; returns the logits (length vocab) of the last new position.
     */
    public int[] forward(int[] tokens, int start, KvStore kv) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("forward needs at least one token");
        }
        if (start < 0 || (long) start + tokens.length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("positions [" + start + ", " + start + " + " + tokens.length
                    + ") out of range");
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= PromptTokens.TOKEN_SPACE) {
                throw new IllegalArgumentException("token " + tokens[i] + " at position " + (start + i)
                        + " outside [0, " + PromptTokens.TOKEN_SPACE + ")");
            }
        }
        Scratch s = new Scratch(shape, start + tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            position(tokens[i], start + i, kv, s);
        }
        return logits(s);
    }

    /** The greedy next token after the last of {@code tokens}: argmax of {@link #forward}. */
    public int nextToken(int[] tokens, int start, KvStore kv) {
        return argmax(forward(tokens, start, kv));
    }

    /** Index of the largest logit; the lowest index wins ties. */
    public static int argmax(int[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Position term P[p][j] of spec/MODEL.md 3.3, generated on demand: no table, no maximum length. */
    public int positionValue(int position, int j) {
        return WeightGenerator.value(positionKey, (long) position * shape.dModel() + j);
    }

    /** Per-call working memory: no allocation per position except when the attention span outgrows it. */
    private static final class Scratch {
        final int[] h, a, q, k, v, att, y, gate, up, m;
        int[] scores;
        final long[] acc, sums;
        final int[] part;

        Scratch(ModelShape s, int positions) {
            int d = s.dModel(), f = s.dFf();
            h = new int[d];
            a = new int[d];
            q = new int[d];
            k = new int[d];
            v = new int[d];
            att = new int[d];
            y = new int[d];
            gate = new int[f];
            up = new int[f];
            m = new int[f];
            acc = new long[d];
            part = new int[d];
            sums = new long[s.heads()];
            scores = new int[s.heads() * Math.max(1, Math.min(positions, 1 << 16))];
        }
    }

    /** Runs one position through all layers, writing its KV; leaves the residual stream in s.h. */
    private void position(int token, int p, KvStore kv, Scratch s) {
        int d = shape.dModel(), f = shape.dFf();
        int row = (token % shape.vocab()) * d;
        long pos = (long) p * d;
        for (int j = 0; j < d; j++) {
            s.h[j] = embedding[row + j] + WeightGenerator.value(positionKey, pos + j);
        }
        byte[] slot = kv.array(p);
        int slotOff = kv.offset(p);
        for (int l = 0; l < shape.layers(); l++) {
            IntOps.rmsNorm(s.h, d, s.a);
            matVec(wq[l], s.a, d, d, multD, s.q);
            matVec(wk[l], s.a, d, d, multD, s.k);
            matVec(wv[l], s.a, d, d, multD, s.v);
            int kOff = slotOff + 2 * l * d;
            for (int j = 0; j < d; j++) {
                slot[kOff + j] = (byte) s.k[j];
                slot[kOff + d + j] = (byte) s.v[j];
            }
            attention(l, p, kv, s);
            matVec(wo[l], s.att, d, d, multD, s.y);
            for (int j = 0; j < d; j++) {
                s.h[j] = IntOps.sat16(s.h[j] + s.y[j]);
            }
            IntOps.rmsNorm(s.h, d, s.a);
            matVec(wGate[l], s.a, f, d, multD, s.gate);
            matVec(wUp[l], s.a, f, d, multD, s.up);
            for (int j = 0; j < f; j++) {
                s.m[j] = IntOps.reglu(s.gate[j], s.up[j]);
            }
            matVec(wDown[l], s.m, d, f, multF, s.y);
            for (int j = 0; j < d; j++) {
                s.h[j] = IntOps.sat16(s.h[j] + s.y[j]);
            }
        }
    }

    /** Causal multi-head attention of position p in layer l over KV of positions 0..p; result in s.att. */
    private void attention(int l, int p, KvStore kv, Scratch s) {
        int d = shape.dModel(), heads = shape.heads(), hd = shape.headDim(), n = p + 1;
        if (s.scores.length < heads * n) {
            s.scores = new int[(int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) heads * n, 2L * s.scores.length))];
        }
        int[] scores = s.scores; // head h's scores at [h * n, h * n + n)
        int[] q = s.q;
        int kBase = 2 * l * d;
        for (int t = 0; t < n; t++) {
            byte[] arr = kv.array(t);
            int off = kv.offset(t) + kBase;
            for (int h = 0; h < heads; h++) {
                int o = off + h * hd, qo = h * hd, dot = 0;
                for (int j = 0; j < hd; j++) {
                    dot += q[qo + j] * arr[o + j];
                }
                scores[h * n + t] = dot;
            }
        }
        long[] sums = s.sums;
        for (int h = 0; h < heads; h++) {
            sums[h] = IntOps.softmaxWeights(scores, h * n, n, attnMult);
        }
        // sum_t w_t * V_t in int64; partial sums of BLOCK positions fit int32 (BLOCK * 2^15 * 2^7 = 2^30), and
        // integer addition is associative, so flushing blocks into int64 gives exactly the spec's sum.
        long[] acc = s.acc;
        int[] part = s.part;
        Arrays.fill(acc, 0);
        for (int t0 = 0; t0 < n; t0 += BLOCK) {
            Arrays.fill(part, 0);
            for (int t = t0, tEnd = Math.min(n, t0 + BLOCK); t < tEnd; t++) {
                byte[] arr = kv.array(t);
                int vOff = kv.offset(t) + kBase + d;
                for (int h = 0; h < heads; h++) {
                    int w = scores[h * n + t];
                    if (w == 0) {
                        continue;
                    }
                    int o = vOff + h * hd, po = h * hd;
                    for (int j = 0; j < hd; j++) {
                        part[po + j] += w * arr[o + j];
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                acc[j] += part[j];
            }
        }
        for (int h = 0; h < heads; h++) {
            for (int j = h * hd; j < (h + 1) * hd; j++) {
                s.att[j] = (int) IntOps.divRound(acc[j], sums[h]);
            }
        }
    }

    /** out[o] = requant(sum_i w[o * n + i] * x[i], mult) for o < rows: an int8 matrix [rows][n] times int8 x. */
    private static void matVec(byte[] w, int[] x, int rows, int n, int mult, int[] out) {
        for (int o = 0, base = 0; o < rows; o++, base += n) {
            int acc = 0;
            for (int i = 0; i < n; i++) {
                acc += w[base + i] * x[i];
            }
            out[o] = IntOps.requant(acc, mult);
        }
    }

    /** Final norm and the output projection of the residual stream in s.h: raw int32 logits. */
    private int[] logits(Scratch s) {
        int d = shape.dModel();
        IntOps.rmsNorm(s.h, d, s.a);
        int[] logits = new int[shape.vocab()];
        for (int v = 0, base = 0; v < logits.length; v++, base += d) {
            int acc = 0;
            for (int j = 0; j < d; j++) {
                acc += output[base + j] * s.a[j];
            }
            logits[v] = acc;
        }
        return logits;
    }
}
