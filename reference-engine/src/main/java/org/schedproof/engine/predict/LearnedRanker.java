package org.schedproof.engine.predict;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.spec.Request;

/**
 * A length ranker learned here from the bundled real traces (no predictor weights exist for them; vllm-ltr's OPT-125M
 * ranker, ALGORITHMS.md 5.2, needs prompt text, which the traces do not carry). What a request shows at arrival is its prompt
 * length, so the model is a function of that alone: log2 of the predicted output length is piecewise linear in the
 * prompt length between knots at 1, 2, 4, ..., 32768 tokens (constant beyond), trained by {@link RankerTraining} with
 * a pairwise logistic loss (RankNet) and then scaled to log lengths by least squares. One model per real trace and
 * one pooled ({@code all}); option {@code ranker} picks one (default {@code all}). Integer arithmetic throughout:
 * knots are log2 lengths times 1024, and 2^v is read linearly between powers of two.
 */
public final class LearnedRanker implements LengthPredictor {
    /** The trained weights, written by {@link RankerTraining}. */
    public static final String RESOURCE = "/predict/ranker-weights.txt";
    /** Knots at prompt lengths 2^0 .. 2^(KNOTS-1). */
    public static final int KNOTS = 16;
    /** Fixed-point scale of the knots: log2 length times 1024. */
    public static final int ONE = 1024;
    /** The largest log2 prediction, so 2^v stays an int. */
    static final int MAX_LOG = 24 * ONE;

    private final String model;
    private final int[] knots;

    public LearnedRanker(PolicyOptions options) {
        this(options.string("ranker", "all"));
    }

    public LearnedRanker(String model) {
        this(model, trained().get(model));
    }

    //@ requires knots.length == KNOTS;
    public LearnedRanker(String model, int[] knots) {
        if (knots == null) {
            throw new IllegalArgumentException("learned: no trained ranker '" + model + "'; known: " + trained().keySet());
        }
        if (knots.length != KNOTS) throw new IllegalArgumentException("ranker '" + model + "' needs " + KNOTS + " knots");
        this.model = model;
        this.knots = knots.clone();
    }

    @Override
    public String name() {
        return "learned";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("ranker", model);
    }

    //@ ensures \result >= 1;
    @Override
    public int predict(Request request) {
        return lengthOf(logPrediction(knots, request.promptLength()));
    }

    /** log2 of the predicted length times {@link #ONE}: linear in the prompt length between powers of two. */
    //@ requires knots.length == KNOTS && promptLength >= 1;
    static long logPrediction(int[] knots, int promptLength) {
        int b = 31 - Integer.numberOfLeadingZeros(Math.max(1, promptLength));
        if (b >= KNOTS - 1) return knots[KNOTS - 1];
        long lo = knots[b];
        long hi = knots[b + 1];
        return lo + Math.floorDiv((hi - lo) * (promptLength - (1L << b)), 1L << b);
    }

    /** 2^(v / ONE), linear between powers of two, v clipped to [0, MAX_LOG]. */
    //@ ensures \result >= 1;
    static int lengthOf(long v) {
        long c = Math.max(0, Math.min(MAX_LOG, v));
        return (int) (((ONE + (c % ONE)) << (c / ONE)) / ONE);
    }

    /** The committed models, by name, in file order. */
    public static Map<String, int[]> trained() {
        try (InputStream in = LearnedRanker.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE, e);
        }
    }

    /** Lines {@code name k0 k1 ... k15}; blank lines and lines starting with '#' are ignored. */
    static Map<String, int[]> parse(BufferedReader reader) throws IOException {
        Map<String, int[]> out = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.trim().split("\\s+");
            if (f.length != KNOTS + 1) {
                throw new IllegalStateException(RESOURCE + ":" + lineNo + ": expected a name and " + KNOTS + " knots");
            }
            int[] k = new int[KNOTS];
            for (int i = 0; i < KNOTS; i++) k[i] = Integer.parseInt(f[i + 1]);
            out.put(f[0], k);
        }
        return out;
    }
}
