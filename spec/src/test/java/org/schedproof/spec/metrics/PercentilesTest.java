package org.schedproof.spec.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.statistics.descriptive.Quantile;
import org.junit.jupiter.api.Test;

/** METRICS.md section 2: nearest rank, k = max(1, ceil(p·n/100)). */
class PercentilesTest {
    @Test
    void evenCount() {
        long[] x = {10, 20, 30, 40};
        // n = 4: p50 -> ceil(2) = 2 -> 20 (no averaging of 20 and 30); p90 -> ceil(3.6) = 4 -> 40;
        // p99 -> ceil(3.96) = 4 -> 40; p25 -> ceil(1) = 1 -> 10; p26 -> ceil(1.04) = 2 -> 20.
        assertThat(Percentiles.nearestRank(x, 50)).isEqualTo(20);
        assertThat(Percentiles.nearestRank(x, 90)).isEqualTo(40);
        assertThat(Percentiles.nearestRank(x, 99)).isEqualTo(40);
        assertThat(Percentiles.nearestRank(x, 25)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(x, 26)).isEqualTo(20);
    }

    @Test
    void oddCount() {
        long[] x = {10, 20, 30, 40, 50};
        // n = 5: p50 -> ceil(2.5) = 3 -> 30; p90 -> ceil(4.5) = 5 -> 50; p20 -> ceil(1) = 1 -> 10;
        // p21 -> ceil(1.05) = 2 -> 20; p60 -> ceil(3) = 3 -> 30.
        assertThat(Percentiles.nearestRank(x, 50)).isEqualTo(30);
        assertThat(Percentiles.nearestRank(x, 90)).isEqualTo(50);
        assertThat(Percentiles.nearestRank(x, 20)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(x, 21)).isEqualTo(20);
        assertThat(Percentiles.nearestRank(x, 60)).isEqualTo(30);
    }

    @Test
    void edgesAndExactDecimalRanks() {
        long[] one = {7};
        assertThat(Percentiles.nearestRank(one, 0)).isEqualTo(7);
        assertThat(Percentiles.nearestRank(one, 50)).isEqualTo(7);
        assertThat(Percentiles.nearestRank(one, 100)).isEqualTo(7);
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) hundred[i] = i + 1;
        // 99 · 100 / 100 = 99 exactly: x_99 = 99, not x_100 as a floating-point 99.00000000000001 would give.
        assertThat(Percentiles.nearestRank(hundred, 99)).isEqualTo(99);
        assertThat(Percentiles.nearestRank(hundred, 0)).isEqualTo(1);
        assertThat(Percentiles.nearestRank(hundred, 100)).isEqualTo(100);
        long[] thousand = new long[1000];
        for (int i = 0; i < 1000; i++) thousand[i] = i + 1;
        // 99.9 · 1000 / 100 = 999 exactly.
        assertThat(Percentiles.nearestRank(thousand, 99.9)).isEqualTo(999);
        assertThat(Percentiles.rank(7, 0.1)).isEqualTo(1);
        assertThatThrownBy(() -> Percentiles.rank(0, 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.rank(3, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.rank(3, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void distributionOfEvenAndOddCounts() {
        // [3, 1, 4, 1, 5, 9] sorted [1, 1, 3, 4, 5, 9]: p50 ceil(3) = 3 -> 3; p90 ceil(5.4) = 6 -> 9; p99 -> 9;
        // mean 23 / 6.
        assertThat(Distribution.of(3, 1, 4, 1, 5, 9)).isEqualTo(new Distribution(6, 1, 3, 9, 9, 9, 23.0 / 6));
        // [2, 7, 1] sorted [1, 2, 7]: p50 ceil(1.5) = 2 -> 2; p90 ceil(2.7) = 3 -> 7; mean 10 / 3.
        assertThat(Distribution.of(2, 7, 1)).isEqualTo(new Distribution(3, 1, 2, 7, 7, 7, 10.0 / 3));
        assertThat(Distribution.of()).isEqualTo(Distribution.EMPTY);
        // The mean of values whose sum overflows a long is still exact.
        assertThat(Distribution.of(Long.MAX_VALUE, Long.MAX_VALUE).mean()).isEqualTo((double) Long.MAX_VALUE);
    }

    /** Agrees with commons-statistics' Hyndman-Fan definition 1 on random samples; the seed is in any failure. */
    @Test
    void agreesWithCommonsStatisticsHf1() {
        Quantile hf1 = Quantile.withDefaults().with(Quantile.EstimationMethod.HF1);
        double[] ps = {0, 1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9, 100};
        for (long seed = 1; seed <= 500; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = rnd.nextInt(1, 300);
            long[] x = new long[n];
            for (int i = 0; i < n; i++) x[i] = rnd.nextLong(0, 1_000_000);
            long[] sorted = x.clone();
            Arrays.sort(sorted);
            double[] asDouble = Arrays.stream(x).asDoubleStream().toArray();
            for (double p : ps) {
                double expected = hf1.evaluate(asDouble, p / 100);
                assertThat((double) Percentiles.nearestRank(sorted, p))
                        .as("seed %d, n %d, p %s", seed, n, p).isEqualTo(expected);
            }
        }
    }
}
