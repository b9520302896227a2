package org.schedproof.spec.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Nearest-rank percentiles (METRICS.md section 2): for n sorted samples x_1 <= ... <= x_n and 0 < p <= 100, the
 * p-th percentile is x_k with k = ceil(p·n/100); the 0th is x_1. Always one of the samples, never an interpolation.
 * The rank is computed in exact decimal arithmetic on p as written (99.9 is 999/10), so no floating-point error can
 * move it. This is Hyndman and Fan's definition 1 (commons-statistics {@code EstimationMethod.HF1}), done on longs.
 */
public final class Percentiles {
    private Percentiles() {}

    /** The 1-based nearest rank of the p-th percentile among n samples (n >= 1). */
    public static int rank(int n, double p) {
        if (n < 1) throw new IllegalArgumentException("no samples");
        if (!(p >= 0 && p <= 100)) throw new IllegalArgumentException("percentile must lie in [0, 100], was " + p);
        BigDecimal k = BigDecimal.valueOf(p).multiply(BigDecimal.valueOf(n))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING);
        return Math.max(1, k.intValueExact());
    }

    /** The p-th percentile of the first {@code n} values of {@code sorted}, which must be in ascending order. */
    public static long nearestRank(long[] sorted, int n, double p) {
        return sorted[rank(n, p) - 1];
    }

    /** The p-th percentile of an ascending array. */
    public static long nearestRank(long[] sorted, double p) {
        return nearestRank(sorted, sorted.length, p);
    }
}
