package org.schedproof.engine.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class KendallTauTest {
    @Test
    void aHandCountedExample() {
        // pairs (1,2) and (1,3) concordant, (2,3) discordant: (2 - 1) / 3.
        assertThat(KendallTau.tauB(new long[] {1, 2, 3}, new long[] {1, 3, 2})).isCloseTo(1.0 / 3, within(1e-15));
        // x ties the pair (0,1): 2 concordant of the 2 untied-in-x, y untied: 2 / sqrt(2 * 3).
        assertThat(KendallTau.tauB(new long[] {1, 1, 2}, new long[] {1, 2, 3})).isCloseTo(2 / Math.sqrt(6), within(1e-15));
    }

    @Test
    void agreesWithAPairByPairCountOnRandomSequencesWithTies() {
        for (long seed = 1; seed <= 200; seed++) {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
            int n = 2 + rng.nextInt(80);
            int range = 1 + rng.nextInt(20);
            long[] x = new long[n];
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextInt(range);
                y[i] = rng.nextBoolean() ? x[i] + rng.nextInt(3) : rng.nextInt(range);
            }
            double expected = NaiveTau.tauB(x, y);
            double actual = KendallTau.tauB(x, y);
            if (Double.isNaN(expected)) {
                assertThat(actual).as("seed %d", seed).isNaN();
            } else {
                assertThat(actual).as("seed %d", seed).isCloseTo(expected, within(1e-12));
            }
        }
    }
}
