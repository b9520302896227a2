package org.schedproof.engine.predict;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.Request;

/**
 * ALISE's retrieval-based output-length predictor (Zhao and Wang, arXiv 2410.23537, the predictor of section 3 as
 * summarized in ALGORITHMS.md 6.2.1), over what a workload here offers: prompts are segment keys without text, so
 * the "embedding" is the prompt length and the similarity a relative length distance, in integers:
 * {@code d(a, b) = |a - b| * 1024 / max(a, b)} (0 = equal, 1024 = unrelated). The prediction for a prompt of length
 * {@code p} is the weighted mean, rounded half up, of the output lengths of its {@code k} nearest historical
 * neighbours with {@code d <= maxDistance}, weight {@code maxDistance + 1 - d}; among equally distant entries the
 * most recent are taken first. With no neighbour that close ALISE falls back to a regression decoder; here the fallback is the
 * median output length of the whole history (lower median), or {@code fallback} while the history is empty.
 *
 * <p>The history holds (prompt length, output length) pairs from a workload file and, when the scheduler reports
 * them ({@link #observe}), from requests that completed: a serving system's history grows as it serves.
 */
public final class RetrievalPredictor implements LengthPredictor {
    /** The largest distance: prompts of unrelated lengths. */
    public static final int FAR = 1024;

    private final int k;
    private final int maxDistance;
    private final int fallback;
    /** History sorted by prompt length, then by insertion order (kept as a sequence number). */
    private int[] prompts = new int[16];
    private int[] outputs = new int[16];
    private long[] order = new long[16];
    private int size;
    private long inserted;
    /** Output lengths in sorted order, for the median. */
    private int[] sortedOutputs = new int[16];

    //@ requires k >= 1 && 0 <= maxDistance && maxDistance <= FAR && fallback >= 1;
    public RetrievalPredictor(int k, int maxDistance, int fallback) {
        if (k < 1 || maxDistance < 0 || maxDistance > FAR || fallback < 1) {
            throw new IllegalArgumentException("retrieval predictor: k >= 1, 0 <= maxDistance <= " + FAR
                    + ", fallback >= 1; got " + k + ", " + maxDistance + ", " + fallback);
        }
        this.k = k;
        this.maxDistance = maxDistance;
        this.fallback = fallback;
    }

    /** A predictor whose history is the (prompt length, output length) pairs of {@code history}. */
    public static RetrievalPredictor of(List<Request> history, int k, int maxDistance, int fallback) {
        RetrievalPredictor p = new RetrievalPredictor(k, maxDistance, fallback);
        for (Request r : history) p.observe(r.promptLength(), r.maxNewTokens());
        return p;
    }

    @Override
    public String name() {
        return "retrieval";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("k", Integer.toString(k));
        p.put("max-distance", Integer.toString(maxDistance));
        p.put("fallback", Integer.toString(fallback));
        return p;
    }

    /** Entries in the history. */
    public int size() {
        return size;
    }

    /** Adds a (prompt length, output length) pair to the history. */
    //@ requires promptLength >= 1 && outputLength >= 1;
    //@ ensures size() == \old(size()) + 1;
    public void observe(int promptLength, int outputLength) {
        if (promptLength < 1 || outputLength < 1) {
            throw new IllegalArgumentException("history pair must be positive: " + promptLength + ", " + outputLength);
        }
        if (size == prompts.length) {
            prompts = Arrays.copyOf(prompts, 2 * size);
            outputs = Arrays.copyOf(outputs, 2 * size);
            order = Arrays.copyOf(order, 2 * size);
            sortedOutputs = Arrays.copyOf(sortedOutputs, 2 * size);
        }
        int at = upperBound(prompts, size, promptLength);
        System.arraycopy(prompts, at, prompts, at + 1, size - at);
        System.arraycopy(outputs, at, outputs, at + 1, size - at);
        System.arraycopy(order, at, order, at + 1, size - at);
        prompts[at] = promptLength;
        outputs[at] = outputLength;
        order[at] = inserted++;
        int o = upperBound(sortedOutputs, size, outputLength);
        System.arraycopy(sortedOutputs, o, sortedOutputs, o + 1, size - o);
        sortedOutputs[o] = outputLength;
        size++;
    }

    @Override
    public int predict(Request request) {
        return predict(request.promptLength());
    }

    /** The prediction for a prompt of {@code promptLength} tokens. */
    //@ requires promptLength >= 1;
    //@ ensures \result >= 1;
    public int predict(int promptLength) {
        if (size == 0) return fallback;
        // The nearest lie on both sides of the insertion point, each side in increasing distance: merge them.
        int right = upperBound(prompts, size, promptLength);
        int left = right - 1;
        long weighted = 0;
        long weights = 0;
        int taken = 0;
        while (taken < k) {
            int dl = left >= 0 ? distance(promptLength, prompts[left]) : Integer.MAX_VALUE;
            int dr = right < size ? distance(promptLength, prompts[right]) : Integer.MAX_VALUE;
            int d = Math.min(dl, dr);
            if (d > maxDistance) break;
            // Every entry at distance d, then the most recent of them if they are more than the k still wanted.
            int from = left;
            while (left >= 0 && distance(promptLength, prompts[left]) == d) left--;
            int to = right;
            while (right < size && distance(promptLength, prompts[right]) == d) right++;
            Integer[] group = new Integer[(from - left) + (right - to)];
            int g = 0;
            for (int i = from; i > left; i--) group[g++] = i;
            for (int i = to; i < right; i++) group[g++] = i;
            if (group.length > k - taken) Arrays.sort(group, (a, b) -> Long.compare(order[b], order[a]));
            long w = maxDistance + 1L - d;
            for (int j = 0; j < group.length && taken < k; j++, taken++) {
                weighted += w * outputs[group[j]];
                weights += w;
            }
        }
        if (weights == 0) return sortedOutputs[(size - 1) / 2];
        return (int) Math.max(1, (2 * weighted + weights) / (2 * weights));
    }

    /** {@code |a - b| * 1024 / max(a, b)}, rounded down. */
    static int distance(int a, int b) {
        return (int) ((long) Math.abs(a - b) * FAR / Math.max(a, b));
    }

    /** First index in {@code a[0, n)} (sorted) whose value is greater than {@code x}. */
    private static int upperBound(int[] a, int n, int x) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
