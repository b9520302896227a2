package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pool hands out arrays big enough, reuses only what was given back, and never one array twice at once. */
class ArrayPoolTest {
    @Test
    void anArrayIsAPowerOfTwoAtLeastTheSizeAsked() {
        ArrayPool pool = new ArrayPool();
        for (int min : new int[] {0, 1, 2, 3, 7, 8, 9, 1000, 1024, 1025}) {
            int length = pool.ints(min).length;
            assertThat(length).as("ints(%d)", min).isGreaterThanOrEqualTo(Math.max(1, min));
            assertThat(Integer.bitCount(length)).as("ints(%d) has %d entries", min, length).isEqualTo(1);
            assertThat(length).as("ints(%d): the smallest power of two", min).isLessThan(2 * Math.max(1, min));
            assertThat(pool.longs(min).length).as("longs(%d)", min).isEqualTo(length);
        }
    }

    @Test
    void aGivenBackArrayServesTheNextRequestOfItsSizeClass() {
        ArrayPool pool = new ArrayPool();
        long[] chain = pool.longs(100);
        int[] nodes = pool.ints(100);
        pool.give(chain);
        pool.give(nodes);
        assertThat(pool.longs(65)).isSameAs(chain);
        assertThat(pool.ints(128)).isSameAs(nodes);
        assertThat(pool.longs(100)).as("taken again: a new one").isNotSameAs(chain);
    }

    @Test
    void noArrayIsHandedOutTwiceWhileInUse() {
        for (long seed = 0; seed < 200; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            ArrayPool pool = new ArrayPool();
            Map<int[], Boolean> inUse = new IdentityHashMap<>();
            List<int[]> held = new ArrayList<>();
            for (int op = 0; op < 300; op++) {
                if (held.isEmpty() || rnd.nextInt(3) > 0) {
                    int min = rnd.nextInt(300);
                    int[] a = pool.ints(min);
                    assertThat(a.length).as("seed %d", seed).isGreaterThanOrEqualTo(min);
                    assertThat(inUse.put(a, true)).as("seed %d: an array in use handed out again", seed).isNull();
                    held.add(a);
                } else {
                    int[] a = held.remove(rnd.nextInt(held.size()));
                    inUse.remove(a);
                    pool.give(a);
                }
            }
        }
    }
}
