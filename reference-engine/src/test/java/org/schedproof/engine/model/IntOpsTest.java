package org.schedproof.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The integer operations of spec/MODEL.md section 4, at their edges. */
class IntOpsTest {

    @Test
    void saturationClampsToInt8AndInt16() {
        assertThat(IntOps.sat8(127)).isEqualTo(127);
        assertThat(IntOps.sat8(128)).isEqualTo(127);
        assertThat(IntOps.sat8(-128)).isEqualTo(-128);
        assertThat(IntOps.sat8(-129)).isEqualTo(-128);
        assertThat(IntOps.sat8(Long.MAX_VALUE)).isEqualTo(127);
        assertThat(IntOps.sat8(Long.MIN_VALUE)).isEqualTo(-128);
        assertThat(IntOps.sat16(32768)).isEqualTo(32767);
        assertThat(IntOps.sat16(-32769)).isEqualTo(-32768);
        assertThat(IntOps.sat16(-32768)).isEqualTo(-32768);
    }

    @Test
    void roundingShiftAndDivisionRoundHalvesTowardsPlusInfinity() {
        assertThat(IntOps.rshiftRound(5, 1)).isEqualTo(3);   // 2.5
        assertThat(IntOps.rshiftRound(-5, 1)).isEqualTo(-2); // -2.5
        assertThat(IntOps.rshiftRound(-3, 1)).isEqualTo(-1); // -1.5
        assertThat(IntOps.rshiftRound(-7, 2)).isEqualTo(-2); // -1.75
        assertThat(IntOps.divRound(5, 2)).isEqualTo(3);
        assertThat(IntOps.divRound(-5, 2)).isEqualTo(-2);
        assertThat(IntOps.divRound(7, 3)).isEqualTo(2);
        assertThat(IntOps.divRound(-7, 3)).isEqualTo(-2);
        assertThat(IntOps.divRound(-8, 3)).isEqualTo(-3);
        assertThat(IntOps.divRound(0, 5)).isZero();
    }

    @Test
    void requantRoundsThenSaturates() {
        int half = 1 << 23; // multiplier 2^23 / 2^24 = 1/2
        assertThat(IntOps.requant(253, half)).isEqualTo(127);   // 126.5 -> 127
        assertThat(IntOps.requant(255, half)).isEqualTo(127);   // 127.5 -> 128 -> saturated
        assertThat(IntOps.requant(257, half)).isEqualTo(127);
        assertThat(IntOps.requant(-255, half)).isEqualTo(-127); // -127.5 -> -127
        assertThat(IntOps.requant(-257, half)).isEqualTo(-128); // -128.5 -> -128
        assertThat(IntOps.requant(-259, half)).isEqualTo(-128); // -129.5 -> -129 -> saturated
        assertThat(IntOps.requant(-1, half)).isZero();          // -0.5 -> 0
        assertThat(IntOps.requant(1, half)).isEqualTo(1);       // 0.5 -> 1
        assertThat(IntOps.requant(Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(127);
        assertThat(IntOps.requant(Integer.MIN_VALUE, Integer.MAX_VALUE)).isEqualTo(-128);
        assertThat(IntOps.requant(-100, 1 << 24)).isEqualTo(-100); // identity scale
    }

    @Test
    void multipliersMatchTheValuesListedInTheSpec() {
        assertThat(IntOps.requantMultiplier(64)).isEqualTo(131072);
        assertThat(IntOps.requantMultiplier(128)).isEqualTo(95325);
        assertThat(IntOps.requantMultiplier(256)).isEqualTo(65536);
        assertThat(IntOps.requantMultiplier(768)).isEqualTo(38836);
        assertThat(IntOps.requantMultiplier(4096)).isEqualTo(16384);
        assertThat(IntOps.requantMultiplier(11008)).isEqualTo(10082);
        assertThat(IntOps.attentionMultiplier(16)).isEqualTo(262144);
        assertThat(IntOps.attentionMultiplier(128)).isEqualTo(95325);
    }

    @Test
    void isqrtIsExactOnEdgeValues() {
        long[] edges = {0, 1, 2, 3, 4, 8, 9, 15, 16, 17, (1L << 52) - 1, 1L << 52, (1L << 53) + 1, (1L << 62) - 1,
            1L << 62, 3037000499L * 3037000499L, 3037000499L * 3037000499L - 1, 3037000499L * 3037000499L + 1,
            Long.MAX_VALUE, Long.MAX_VALUE - 1, 4503599761588224L /* (2^26+1)^2 - 1: double rounds it up */};
        for (long v : edges) {
            assertThat(IntOps.isqrt(v)).as("isqrt(%d)", v).isEqualTo(BigInteger.valueOf(v).sqrt().longValueExact());
        }
        assertThat(IntOps.isqrt(Long.MAX_VALUE)).isEqualTo(3037000499L);
        for (long k = 3037000499L - 1000; k <= 3037000499L; k++) {
            assertThat(IntOps.isqrt(k * k)).as("isqrt(%d^2)", k).isEqualTo(k);
            assertThat(IntOps.isqrt(k * k - 1)).as("isqrt(%d^2 - 1)", k).isEqualTo(k - 1);
        }
        assertThatThrownBy(() -> IntOps.isqrt(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isqrtMatchesBigIntegerOnSeededRandomValues() {
        long seed = 20240601L;
        Random rnd = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            long v = (rnd.nextLong() >>> 1) >>> rnd.nextInt(63);
            assertThat(IntOps.isqrt(v)).as("seed %d, v %d", seed, v)
                    .isEqualTo(BigInteger.valueOf(v).sqrt().longValueExact());
        }
    }

    @Test
    void exp2TableIsTheRoundedFormulaOfTheSpec() {
        for (int i = 0; i < IntOps.EXP_STEPS; i++) {
            assertThat(IntOps.EXP2_TABLE[i]).as("EXP2[%d]", i)
                    .isEqualTo(Math.round(32768 * Math.pow(2, -i / 32.0)));
        }
    }

    @Test
    void expWeightHalvesEvery32StepsAndVanishesAfter16Halvings() {
        int unit = 1 << 24; // multiplier 2^24 makes z = delta
        assertThat(IntOps.expWeight(0, unit)).isEqualTo(32768);
        assertThat(IntOps.expWeight(32, unit)).isEqualTo(16384);
        assertThat(IntOps.expWeight(33, unit)).isEqualTo(32066 >> 1);
        assertThat(IntOps.expWeight(480, unit)).isEqualTo(1);
        assertThat(IntOps.expWeight(511, unit)).isZero();
        assertThat(IntOps.expWeight(512, unit)).isZero();
        assertThat(IntOps.expWeight(1L << 36, unit)).isZero();
        int previous = Integer.MAX_VALUE;
        for (long delta = 0; delta < 600; delta++) {
            int w = IntOps.expWeight(delta, unit);
            assertThat(w).as("delta %d", delta).isLessThanOrEqualTo(previous);
            previous = w;
        }
    }

    @Test
    void softmaxOfEqualScoresIsExactlyUniformAndSumsToNTimes2To15() {
        for (int n : new int[] {1, 2, 7, 1000}) {
            int[] scores = new int[n + 2];
            Arrays.fill(scores, -12345);
            long sum = IntOps.softmaxWeights(scores, 1, n, IntOps.attentionMultiplier(16));
            assertThat(sum).isEqualTo(32768L * n);
            for (int t = 1; t <= n; t++) {
                assertThat(scores[t]).isEqualTo(32768);
            }
            assertThat(scores[0]).as("outside the range untouched").isEqualTo(-12345);
            assertThat(scores[n + 1]).isEqualTo(-12345);
        }
    }

    @Test
    void softmaxGivesTheMaximum2To15AndSurvivesExtremeScores() {
        int[] scores = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, Integer.MAX_VALUE - 1};
        long sum = IntOps.softmaxWeights(scores, 0, 4, IntOps.attentionMultiplier(16));
        assertThat(scores[1]).isEqualTo(32768);
        assertThat(scores[0]).isZero();
        assertThat(scores[2]).isZero();
        assertThat(scores[3]).isBetween(1, 32768);
        assertThat(sum).isEqualTo((long) scores[1] + scores[3]);
    }

    @Test
    void weightedAverageOfEqualWeightsIsTheRoundedMean() {
        // equal weights w: div_round(w * (a + b), 2w) = round((a + b) / 2), halves up
        assertThat(IntOps.divRound(32768L * (3 + 4), 2 * 32768L)).isEqualTo(4);
        assertThat(IntOps.divRound(32768L * (-3 - 4), 2 * 32768L)).isEqualTo(-3);
        assertThat(IntOps.divRound(32768L * (-128) * 100_000, 32768L * 100_000)).isEqualTo(-128);
    }

    @Test
    void rmsNormMapsToRms32() {
        int[] y = new int[64];
        IntOps.rmsNorm(new int[64], 64, y);
        assertThat(y).containsOnly(0);
        int[] constant = new int[64];
        Arrays.fill(constant, -7);
        IntOps.rmsNorm(constant, 64, y);
        assertThat(y).containsOnly(-32);
        int[] spike = new int[64];
        spike[5] = 1000; // RMS 125: 1000 -> 256, saturated
        IntOps.rmsNorm(spike, 64, y);
        assertThat(y[5]).isEqualTo(127);
        assertThat(y[4]).isZero();
        int n = ModelShape.MAX_DIM; // the widest allowed input: ss * 2^16 = 2^62 still fits int64
        int[] extreme = new int[n];
        Arrays.fill(extreme, -32768);
        int[] out = new int[n];
        IntOps.rmsNorm(extreme, n, out);
        assertThat(out).containsOnly(-32);
    }

    @Test
    void regluIsGatedReluWithShift5() {
        assertThat(IntOps.reglu(-1, 100)).isZero();
        assertThat(IntOps.reglu(-128, -128)).isZero();
        assertThat(IntOps.reglu(127, 127)).isEqualTo(127);
        assertThat(IntOps.reglu(127, -128)).isEqualTo(-128);
        assertThat(IntOps.reglu(1, 16)).isEqualTo(1);  // 0.5 -> 1
        assertThat(IntOps.reglu(1, -16)).isZero();      // -0.5 -> 0
        assertThat(IntOps.reglu(32, 20)).isEqualTo(20);
    }
}
