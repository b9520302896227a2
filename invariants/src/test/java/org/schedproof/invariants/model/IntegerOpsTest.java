package org.schedproof.invariants.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The operations of spec/MODEL.md section 4 against the values that page states. */
class IntegerOpsTest {
    @Test
    void requantMultipliersAreThoseMODELmdLists() {
        assertThat(new long[] {IntegerOps.requantMultiplier(64), IntegerOps.requantMultiplier(128),
                IntegerOps.requantMultiplier(256), IntegerOps.requantMultiplier(768), IntegerOps.requantMultiplier(4096),
                IntegerOps.requantMultiplier(11008)}).containsExactly(131072, 95325, 65536, 38836, 16384, 10082);
    }

    @Test
    void roundingIsToNearestWithHalvesTowardsPlusInfinityAlsoForNegatives() {
        assertThat(IntegerOps.rshiftRound(-3, 1)).isEqualTo(-1); // -1.5 -> -1
        assertThat(IntegerOps.rshiftRound(-5, 2)).isEqualTo(-1); // -1.25 -> -1
        assertThat(IntegerOps.rshiftRound(6, 2)).isEqualTo(2);   // 1.5 -> 2
        assertThat(IntegerOps.divRound(-7, 2)).isEqualTo(-3);   // -3.5 -> -3
        assertThat(IntegerOps.divRound(-8, 3)).isEqualTo(-3);   // -2.67 -> -3
        assertThat(IntegerOps.divRound(5, 2)).isEqualTo(3);     // 2.5 -> 3
    }

    @Test
    void isqrtIsTheExactFloorUpTo2To62() {
        for (long r : new long[] {0, 1, 2, 3, 255, 65535, 3037000499L, 1L << 31}) {
            long sq = r * r;
            assertThat(IntegerOps.isqrt(sq)).isEqualTo(r);
            if (r > 0) assertThat(IntegerOps.isqrt(sq - 1)).isEqualTo(r - 1);
            if (sq + 2 * r >= sq) assertThat(IntegerOps.isqrt(sq + 2 * r)).isEqualTo(r);
        }
        assertThat(IntegerOps.isqrt(Long.MAX_VALUE)).isEqualTo(3037000499L);
    }

    @Test
    void exp2IsTheRoundedPowerTable() {
        for (int i = 0; i < 32; i++) {
            assertThat(IntegerOps.EXP2[i]).as("EXP2[%d]", i).isEqualTo(Math.round(32768 * Math.pow(2, -i / 32.0)));
        }
    }

    @Test
    void softmaxWeightsHalveEvery32StepsAndVanishAt512() {
        long a = IntegerOps.softmaxScale(16); // 2^20 / 4 = 2^18: z = delta >> 6
        assertThat(a).isEqualTo(1 << 18);
        int[] s = {1000, 1000 - 64, 1000 - 32 * 64, 1000 - 33 * 64, 1000 - 512 * 64, 1000 - 511 * 64};
        int[] w = new int[s.length];
        long sum = IntegerOps.softmaxWeights(s, s.length, a, w);
        assertThat(w).containsExactly(32768, 32066, 16384, 16033, 0, 16743 >> 15);
        assertThat(sum).isEqualTo(32768 + 32066 + 16384 + 16033 + (16743 >> 15));
    }

    @Test
    void rmsNormTargetsRms32AndKeepsAnAllZeroVector() {
        int[] y = new int[4];
        IntegerOps.rmsnorm(new int[] {0, 0, 0, 0}, 4, y);
        assertThat(y).containsOnly(0);
        // ss = 4·100, D = isqrt(100·2^16) = 2560, y = 8192·10/2560 = 32
        IntegerOps.rmsnorm(new int[] {10, -10, 10, -10}, 4, y);
        assertThat(y).containsExactly(32, -32, 32, -32);
        assertThat(IntegerOps.reglu(-5, 100)).isZero();
        assertThat(IntegerOps.reglu(100, 100)).isEqualTo(127);   // 10000 / 32 saturates
        assertThat(IntegerOps.reglu(3, -16)).isEqualTo(-1);      // -48 / 32 = -1.5 -> -1
    }
}
