package org.schedproof.engine.predict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.Request;

/**
 * Trains the {@link LearnedRanker}'s models on the bundled real traces (builtin workloads) and writes its weights
 * resource. Per trace, rows whose request id is 9 modulo 10 are held out (vllm-ltr's 90/10 split, made
 * deterministic); a model sees only the others.
 * The loss is pairwise logistic (RankNet; vllm-ltr uses ListMLE, the listwise form of the same idea): for two training
 * rows with different output lengths, {@code log(1 + exp(-(s_longer - s_shorter)))} over the knot weights, by SGD
 * with a fixed seed. A least-squares fit of log2 output length on the score then turns scores into log lengths
 * (monotone, so the ranking is kept). Deterministic: same traces, same weights, bit for bit.
 *
 * <p>Reproduce the committed resource (from the repository root):
 * <pre>{@code
 * mvn -B -o -q -pl reference-engine -am compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp reference-engine/target/classes:$(cat /tmp/cp.txt) org.schedproof.engine.predict.RankerTraining \
 *     reference-engine/src/main/resources/predict/ranker-weights.txt
 * }</pre>
 */
public final class RankerTraining {
    /** vllm-ltr's training seed. */
    public static final long SEED = 42;
    static final int EPOCHS = 5;
    static final int PAIRS_PER_ROW = 4;
    static final double LEARNING_RATE = 0.1;
    static final double L2 = 1e-4;

    /** A real trace the models learn from; {@code all} pools their training rows. */
    public record Source(String model, String address) {}

    public static final List<Source> SOURCES = List.of(
            new Source("sharegpt", "builtin:sharegpt"),
            new Source("arxiv", "builtin:arxiv"),
            new Source("azure-conv", "builtin:azure-conv"),
            new Source("azure-code", "builtin:azure-code"),
            new Source("mooncake-conversation", "builtin:mooncake-conversation"),
            new Source("mooncake-synthetic", "builtin:mooncake-synthetic"),
            new Source("vtc-arena", "builtin:vtc"));

    /** Prompt and output lengths of some rows. */
    public record Rows(int[] prompts, int[] outputs) {
        public int size() {
            return prompts.length;
        }

        /** The training rows (id not 9 mod 10) or the held-out ones of a workload. */
        public static Rows of(List<Request> requests, boolean heldOut) {
            List<Request> kept = requests.stream().filter(r -> isHeldOut(r.id()) == heldOut).toList();
            int[] p = new int[kept.size()];
            int[] o = new int[kept.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = kept.get(i).promptLength();
                o[i] = kept.get(i).maxNewTokens();
            }
            return new Rows(p, o);
        }

        static Rows concat(List<Rows> parts) {
            int n = parts.stream().mapToInt(Rows::size).sum();
            int[] p = new int[n];
            int[] o = new int[n];
            int at = 0;
            for (Rows r : parts) {
                System.arraycopy(r.prompts, 0, p, at, r.size());
                System.arraycopy(r.outputs, 0, o, at, r.size());
                at += r.size();
            }
            return new Rows(p, o);
        }
    }

    /** One model's evaluation on one trace's held-out rows. */
    public record Evaluation(String trace, int trainRows, int heldOutRows, double ownTau, double pooledTau,
                             double promptLengthTau) {}

    private RankerTraining() {}

    public static boolean isHeldOut(long requestId) {
        return requestId % 10 == 9;
    }

    /** Trains one model: its knots, log2 lengths times {@link LearnedRanker#ONE}. */
    public static int[] train(Rows rows, long seed) {
        int k = LearnedRanker.KNOTS;
        double[] w = new double[k];
        int n = rows.size();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, ~seed});
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            double lr = LEARNING_RATE / (1 + epoch);
            for (long step = 0; step < (long) PAIRS_PER_ROW * n; step++) {
                int i = rng.nextInt(n);
                int j = rng.nextInt(n);
                if (rows.outputs[i] == rows.outputs[j]) continue;
                int shorter = rows.outputs[i] < rows.outputs[j] ? i : j;
                int longer = shorter == i ? j : i;
                double margin = score(w, rows.prompts[longer]) - score(w, rows.prompts[shorter]);
                double g = lr / (1 + StrictMath.exp(margin));
                addFeatures(w, rows.prompts[longer], g);
                addFeatures(w, rows.prompts[shorter], -g);
                for (int q = 0; q < k; q++) w[q] -= lr * L2 * w[q];
            }
        }
        // Least squares of log2(output) on the score: the scale that turns scores into log lengths.
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < n; i++) {
            sx += score(w, rows.prompts[i]);
            sy += log2(rows.outputs[i]);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = score(w, rows.prompts[i]) - mx;
            sxy += dx * (log2(rows.outputs[i]) - my);
            sxx += dx * dx;
        }
        double beta = sxx > 0 && sxy > 0 ? sxy / sxx : 0;
        int[] knots = new int[k];
        for (int q = 0; q < k; q++) {
            knots[q] = (int) Math.round((my + beta * (w[q] - mx)) * LearnedRanker.ONE);
        }
        return knots;
    }

    /** Kendall's tau-b of the model's predictions against the true output lengths of {@code rows}. */
    public static double tau(int[] knots, Rows rows) {
        int[] predicted = new int[rows.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = LearnedRanker.lengthOf(LearnedRanker.logPrediction(knots, rows.prompts[i]));
        }
        return KendallTau.tauB(predicted, rows.outputs);
    }

    /** The score: the knot weights interpolated linearly in the prompt length between powers of two. */
    static double score(double[] w, int prompt) {
        int b = 31 - Integer.numberOfLeadingZeros(Math.max(1, prompt));
        if (b >= w.length - 1) return w[w.length - 1];
        double t = (prompt - (double) (1L << b)) / (1L << b);
        return w[b] * (1 - t) + w[b + 1] * t;
    }

    private static void addFeatures(double[] w, int prompt, double g) {
        int b = 31 - Integer.numberOfLeadingZeros(Math.max(1, prompt));
        if (b >= w.length - 1) {
            w[w.length - 1] += g;
            return;
        }
        double t = (prompt - (double) (1L << b)) / (1L << b);
        w[b] += g * (1 - t);
        w[b + 1] += g * t;
    }

    private static double log2(int x) {
        return StrictMath.log(x) / StrictMath.log(2);
    }

    /** Trains every model on {@link #SOURCES}; returns the resource text and the evaluations. */
    public static String trainAll(List<Evaluation> evaluations) {
        List<Rows> train = new ArrayList<>();
        List<Rows> heldOut = new ArrayList<>();
        StringBuilder models = new StringBuilder();
        List<int[]> own = new ArrayList<>();
        for (Source s : SOURCES) {
            Workload w = Workloads.load(s.address());
            train.add(Rows.of(w.requests(), false));
            heldOut.add(Rows.of(w.requests(), true));
            own.add(train(train.get(train.size() - 1), SEED));
        }
        int[] pooled = train(Rows.concat(train), SEED);
        for (int i = 0; i < SOURCES.size(); i++) {
            Rows h = heldOut.get(i);
            evaluations.add(new Evaluation(SOURCES.get(i).model(), train.get(i).size(), h.size(), tau(own.get(i), h),
                    tau(pooled, h), KendallTau.tauB(h.prompts(), h.outputs())));
            models.append(line(SOURCES.get(i).model(), own.get(i)));
        }
        models.append(line("all", pooled));
        StringBuilder out = new StringBuilder();
        out.append("# schedproof learned length rankers (org.schedproof.engine.predict.RankerTraining, seed ")
                .append(SEED).append(").\n")
                .append("# Each line: a model, then log2 of the predicted output length times 1024 at prompt lengths\n")
                .append("# 1, 2, 4, ..., 32768 (linear in between, constant beyond). Reproduce with the command in\n")
                .append("# RankerTraining's Javadoc. Held-out Kendall tau-b (rows with id 9 mod 10):\n")
                .append("# trace train held-out own-model pooled-model prompt-length-alone\n");
        for (Evaluation e : evaluations) {
            out.append(String.format(Locale.ROOT, "#   %s %d %d %.3f %.3f %.3f%n", e.trace(), e.trainRows(),
                    e.heldOutRows(), e.ownTau(), e.pooledTau(), e.promptLengthTau()));
        }
        return out.append(models).toString();
    }

    private static String line(String name, int[] knots) {
        StringBuilder b = new StringBuilder(name);
        for (int k : knots) b.append(' ').append(k);
        return b.append('\n').toString();
    }

    /** {@code RankerTraining OUTPUT_FILE}: trains every model and writes the weights resource. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: RankerTraining OUTPUT_FILE");
            System.exit(2);
        }
        List<Evaluation> evaluations = new ArrayList<>();
        String text = trainAll(evaluations);
        Files.writeString(Path.of(args[0]), text, StandardCharsets.UTF_8);
        System.out.print(text);
    }
}
