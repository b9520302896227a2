package org.schedproof.spec.metrics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;

/**
 * A latency distribution in integer microseconds: sample count, min, nearest-rank p50 / p90 / p99 (METRICS.md
 * section 2), max and mean. With no samples every value is 0; check {@link #count()}.
 */
public record Distribution(long count, long min, long p50, long p90, long p99, long max, double mean) {
    public static final Distribution EMPTY = new Distribution(0, 0, 0, 0, 0, 0, 0);

    /** The distribution of the first {@code n} values of {@code samples} (sorted in place). */
    public static Distribution of(long[] samples, int n) {
        if (n == 0) return EMPTY;
        Arrays.sort(samples, 0, n);
        return new Distribution(n, samples[0], Percentiles.nearestRank(samples, n, 50),
                Percentiles.nearestRank(samples, n, 90), Percentiles.nearestRank(samples, n, 99), samples[n - 1],
                mean(samples, n));
    }

    public static Distribution of(long... samples) {
        return of(samples.clone(), samples.length);
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The exact sum divided by n, rounded once to a double. */
    static double mean(long[] values, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long next = sum + values[i];
            if (((sum ^ next) & (values[i] ^ next)) < 0) return bigMean(values, n); // overflow
            sum = next;
        }
        return ratio(BigInteger.valueOf(sum), n);
    }

    private static double bigMean(long[] values, int n) {
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < n; i++) sum = sum.add(BigInteger.valueOf(values[i]));
        return ratio(sum, n);
    }

    static double ratio(BigInteger num, long den) {
        return new BigDecimal(num).divide(BigDecimal.valueOf(den), MathContext.DECIMAL128).doubleValue();
    }
}
