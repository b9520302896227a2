package org.schedproof.engine.predict;

import java.util.Arrays;

/**
 * Kendall's tau-b between two integer sequences, as scipy's {@code kendalltau} (which vllm-ltr reports, ALGORITHMS.md
 * 5.2): {@code (concordant - discordant) / sqrt((n0 - tiesX) (n0 - tiesY))} over the {@code n0 = n(n-1)/2} pairs,
 * where a pair tied in x or in y is neither. Knight's O(n log n) count: sort by (x, y), then count the swaps a merge
 * sort by y makes (the discordant pairs).
 */
public final class KendallTau {
    private KendallTau() {}

    //@ requires x.length == y.length;
    //@ ensures -1 <= \result && \result <= 1 || Double.isNaN(\result);
    public static double tauB(long[] x, long[] y) {
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        int n = x.length;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) boxed[i] = i;
        Arrays.sort(boxed, (a, b) -> x[a] != x[b] ? Long.compare(x[a], x[b]) : Long.compare(y[a], y[b]));
        long[] ys = new long[n];
        long[] xs = new long[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x[boxed[i]];
            ys[i] = y[boxed[i]];
        }
        long tiesX = 0;
        long tiesXY = 0;
        for (int i = 0, j; i < n; i = j) {
            for (j = i + 1; j < n && xs[j] == xs[i]; ) j++;
            tiesX += pairs(j - i);
            for (int k = i, m; k < j; k = m) {
                for (m = k + 1; m < j && ys[m] == ys[k]; ) m++;
                tiesXY += pairs(m - k);
            }
        }
        long swaps = mergeCount(ys, new long[n], 0, n);
        long tiesY = 0;
        for (int i = 0, j; i < n; i = j) {
            for (j = i + 1; j < n && ys[j] == ys[i]; ) j++;
            tiesY += pairs(j - i);
        }
        long n0 = pairs(n);
        long score = n0 - tiesX - tiesY + tiesXY - 2 * swaps;
        return score / Math.sqrt((double) (n0 - tiesX) * (n0 - tiesY));
    }

    public static double tauB(int[] x, int[] y) {
        return tauB(Arrays.stream(x).asLongStream().toArray(), Arrays.stream(y).asLongStream().toArray());
    }

    private static long pairs(long t) {
        return t * (t - 1) / 2;
    }

    /** Sorts a[from, to) ascending and returns the inversions (pairs i < j with a[i] > a[j]). */
    private static long mergeCount(long[] a, long[] tmp, int from, int to) {
        if (to - from < 2) return 0;
        int mid = (from + to) >>> 1;
        long swaps = mergeCount(a, tmp, from, mid) + mergeCount(a, tmp, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            if (a[j] < a[i]) {
                swaps += mid - i;
                tmp[k++] = a[j++];
            } else {
                tmp[k++] = a[i++];
            }
        }
        while (i < mid) tmp[k++] = a[i++];
        while (j < to) tmp[k++] = a[j++];
        System.arraycopy(tmp, from, a, from, to - from);
        return swaps;
    }
}
