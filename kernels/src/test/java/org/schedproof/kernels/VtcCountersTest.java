package org.schedproof.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** VtcCounters against its JML contract: hand-built cases, then the contract's clauses on seeded random arrays. */
class VtcCountersTest {
    @Test
    void chargeAddsToOneCounterOnly() {
        long[] c = {5, 7};
        VtcCounters.charge(c, 1, 3);
        assertThat(c).containsExactly(5, 10);
    }

    @Test
    void argMinTakesTheLeastBackloggedCounterLowestIndexAmongEquals() {
        long[] c = {1, 4, 2, 2, 0};
        int[] w = {0, 1, 1, 1, 0}; // clients 0 and 4 have lower counters but nothing waiting
        assertThat(VtcCounters.argMin(c, w, 5, -1)).isEqualTo(2);
        assertThat(VtcCounters.argMin(c, w, 5, 2)).isEqualTo(3);
        assertThat(VtcCounters.argMin(c, w, 2, -1)).isEqualTo(1); // only the first n clients count
        assertThat(VtcCounters.argMin(c, new int[5], 5, -1)).isEqualTo(-1);
    }

    @Test
    void liftRaisesToTheLeastOtherBackloggedCounterElseTheFallbackAndNeverLowers() {
        long[] c = {10, 30, 20, 50};
        int[] w = {1, 1, 1, 0};
        VtcCounters.liftOnReturn(c, w, 4, 0, 3); // others waiting: 1 (30), 2 (20) -> 20; fallback unused
        assertThat(c[0]).isEqualTo(20);
        VtcCounters.liftOnReturn(c, w, 4, 1, 3); // least other is 0 or 2 at 20 < 30: unchanged
        assertThat(c[1]).isEqualTo(30);
        int[] alone = {0, 0, 0, 1};
        long[] d = {10, 30, 20, 5};
        VtcCounters.liftOnReturn(d, alone, 4, 3, 1); // nobody else waits: up to the fallback's 30
        assertThat(d[3]).isEqualTo(30);
        VtcCounters.liftOnReturn(d, alone, 4, 3, -1);
        assertThat(d).containsExactly(10, 30, 20, 30);
    }

    @Test
    void argMinAndLiftKeepTheirContractsOnRandomArrays() {
        for (long seed = 1; seed <= 500; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = rng.nextInt(1, 7);
            long[] c = new long[n + rng.nextInt(3)];
            int[] w = new int[c.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = rng.nextInt(4);
                w[i] = rng.nextInt(-1, 2);
            }
            int except = rng.nextInt(-1, n);
            int m = VtcCounters.argMin(c, w, n, except);
            long least = Long.MAX_VALUE;
            int first = -1;
            for (int j = 0; j < n; j++) {
                if (w[j] > 0 && j != except && c[j] < least) {
                    least = c[j];
                    first = j;
                }
            }
            assertThat(m).as("seed %d", seed).isEqualTo(first);

            int u = rng.nextInt(n);
            int fallback = rng.nextInt(-1, n);
            long before = c[u];
            long fallbackBefore = fallback == -1 ? 0 : c[fallback];
            int others = VtcCounters.argMin(c, w, n, u);
            VtcCounters.liftOnReturn(c, w, n, u, fallback);
            long expected = others != -1 ? Math.max(before, c[others])
                    : fallback != -1 ? Math.max(before, fallbackBefore) : before;
            assertThat(c[u]).as("seed %d", seed).isEqualTo(expected);
        }
    }
}
