package org.schedproof.gpu.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * The waiting queue against a sorted map under random arrivals, admissions anywhere and preempted returns: its
 * iteration and every {@code get(i)}.
 */
class WaitingQueueTest {
    @Test
    void staysInArrivalOrderUnderRandomOperations() {
        staysInArrivalOrder(1);
    }

    /** Read by index only now and then: the index is built on demand after compactions, from holes made without it. */
    @Test
    void staysInArrivalOrderWhenReadByIndexOnlyNowAndThen() {
        staysInArrivalOrder(9);
    }

    /** {@code every}: on average one op in this many checks every {@code get(i)}. */
    private static void staysInArrivalOrder(int every) {
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            WaitingQueue q = new WaitingQueue();
            TreeMap<Long, Sequence> model = new TreeMap<>(); // key = arrival * 1000 + id: the same order
            List<Sequence> out = new ArrayList<>();
            long nextId = 0;
            for (int op = 0; op < 1000; op++) {
                int kind = rng.nextInt(10);
                if (kind < 4) {
                    Sequence s = seq(nextId++, op);
                    q.insert(s);
                    model.put(op * 1000L + s.request.id(), s);
                } else if (kind < 8 && !model.isEmpty()) {
                    Sequence s = kind < 6 ? model.firstEntry().getValue() : q.get(rng.nextInt(q.size()));
                    q.delete(s);
                    model.values().remove(s);
                    out.add(s);
                } else if (!out.isEmpty()) {
                    Sequence s = out.remove(rng.nextInt(out.size()));
                    q.insert(s);
                    model.put(s.request.arrivalUs() * 1000L + s.request.id(), s);
                }
                if (!new ArrayList<>(q).equals(new ArrayList<>(model.values()))) {
                    assertThat(q).as("seed " + seed + " op " + op).containsExactlyElementsOf(model.values());
                }
                if (rng.nextInt(every) != 0) continue;
                int i = 0;
                for (Sequence expected : model.values()) { // get(i), by Fenwick descent or past the last hole
                    if (q.get(i) != expected) {
                        assertThat(q.get(i)).as("seed " + seed + " op " + op + " get(" + i + ")").isSameAs(expected);
                    }
                    i++;
                }
            }
        }
    }

    private static Sequence seq(long id, long arrival) {
        return new Sequence(new Request(id, "c", arrival, Prompt.single(1, 4), 1), false);
    }
}
