package org.schedproof.gpu.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.schedproof.kernels.VtcCounters;

class IndexedVtcTest {
    @Test
    void leastCounterBackloggedClientLowestIndexAmongEquals() {
        IndexedVtc x = new IndexedVtc();
        x.changed(0, 5, true);
        x.changed(1, 3, true);
        x.changed(2, 3, true);
        x.changed(3, 1, false);
        // backlogged {0:5, 1:3, 2:3}; client 3 has the least counter but nothing waiting; 1 and 2 tie, 1 is lower
        assertThat(x.least(null, null, 4)).isEqualTo(1);
        x.passStarts();
        x.touched(1, 9, true); // scratch: 1 charged to 9, so {2:3} is least
        assertThat(x.least(null, null, 4)).isEqualTo(2);
        x.touched(2, 9, false); // 2's last request admitted: {0:5, 1:9}
        assertThat(x.least(null, null, 4)).isEqualTo(0);
        x.touched(0, 9, true); // {0:9, 1:9}: the tie goes to 0
        assertThat(x.least(null, null, 4)).isEqualTo(0);
        x.passStarts(); // a new pass forgets the scratch: back to {0:5, 1:3, 2:3}
        assertThat(x.least(null, null, 4)).isEqualTo(1);
        x.changed(1, 3, false);
        assertThat(x.least(null, null, 4)).isEqualTo(2);
    }

    /**
     * Random changes and passes: the index answers what the reference's scan (VtcCounters.argMin) answers, in a pass
     * and outside one (after a step's end filed some of the clients the pass touched and not the others).
     */
    @Test
    void answersAsTheScanDoes() {
        answersAsTheScanDoes(200, 12);
    }

    /** The same with up to 300 clients: a deep heap, many clients changed in one pass. */
    @Test
    void answersAsTheScanDoesWithManyClients() {
        answersAsTheScanDoes(30, 300);
    }

    private static void answersAsTheScanDoes(int seeds, int maxClients) {
        for (long seed = 0; seed < seeds; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 1 + rng.nextInt(maxClients);
            long[] c = new long[n];
            int[] w = new int[n];
            IndexedVtc x = new IndexedVtc();
            for (int k = 0; k < n; k++) x.changed(k, 0, false);
            boolean ended = true;
            for (int round = 0; round < 30; round++) {
                for (int i = rng.nextInt(Math.max(4, n / 3)); i > 0; i--) { // step-end changes
                    int k = rng.nextInt(n);
                    c[k] += rng.nextInt(3); // small charges make ties
                    w[k] = Math.max(0, w[k] + rng.nextInt(3) - 1);
                    x.changed(k, c[k], w[k] > 0);
                }
                if (ended) { // FastVtc's protocol: read outside a pass only after endPass
                    assertThat(x.least()).as("seed " + seed + " after a step's end").isEqualTo(
                            VtcCounters.argMin(c, w, n, -1));
                }
                long[] sc = Arrays.copyOf(c, n);
                int[] sw = Arrays.copyOf(w, n);
                x.passStarts();
                for (int i = rng.nextInt(5 + n / 4); i >= 0; i--) { // a pass: offer, charge the offered client
                    int k = VtcCounters.argMin(sc, sw, n, -1);
                    assertThat(x.least(sc, sw, n)).as("seed " + seed).isEqualTo(k);
                    if (k == -1) break;
                    sc[k] += rng.nextInt(3);
                    sw[k]--;
                    x.touched(k, sc[k], sw[k] > 0);
                }
                ended = rng.nextBoolean(); // as FastVtc ends a pass; the reference's Vtc just files changes
                if (ended) x.endPass();
            }
        }
    }
}
