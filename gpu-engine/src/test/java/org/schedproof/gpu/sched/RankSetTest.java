package org.schedproof.gpu.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** RankSet against a TreeSet on seeded random adds and removes: members, smallest, and every next(from). */
class RankSetTest {
    @Test
    void agreesWithATreeSetOnRandomChanges() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            RankSet set = new RankSet();
            TreeSet<Integer> model = new TreeSet<>();
            // spans from one word to thousands, low ranks drained first (as an arrival-ordered queue is) or not
            int span = 1 + rnd.nextInt(seed % 2 == 0 ? 100 : 200_000);
            int floor = 0;
            for (int op = 0; op < 3_000; op++) {
                if (rnd.nextInt(10) == 0) floor = Math.min(span - 1, floor + rnd.nextInt(1 + span / 50));
                int x = floor + rnd.nextInt(span - floor);
                if (rnd.nextBoolean()) {
                    set.add(x);
                    model.add(x);
                } else {
                    set.remove(x);
                    model.remove(x);
                }
                String at = "seed " + seed + ", op " + op;
                assertThat(set.size()).as(at).isEqualTo(model.size());
                assertThat(set.first()).as(at).isEqualTo(model.isEmpty() ? -1 : model.first());
                int from = rnd.nextInt(span + 64);
                Integer expected = model.ceiling(from);
                assertThat(set.next(from)).as(at + ", next(" + from + ")").isEqualTo(expected == null ? -1 : expected);
                assertThat(set.contains(x)).as(at).isEqualTo(model.contains(x));
            }
            int k = set.first();
            for (int expected : model) {
                assertThat(k).as("seed " + seed + ": in-order walk").isEqualTo(expected);
                k = set.next(k + 1);
            }
            assertThat(k).as("seed " + seed).isEqualTo(-1);
        }
    }
}
