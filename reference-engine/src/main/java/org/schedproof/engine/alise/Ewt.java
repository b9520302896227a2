package org.schedproof.engine.alise;

import java.util.PriorityQueue;

/**
 * ALISE's estimated waiting time (EWT; arXiv 2410.23537, "Dynamic Swapping" as summarized in ALGORITHMS.md 6.2.4,
 * whose formula was not retrieved, ambiguity 9): here, when a job would next run if the current batch width held and
 * nothing new arrived. Jobs in priority order (ascending estimated remaining time) are list-scheduled on
 * {@code slots} parallel slots, one per job of this iteration's batch: the first {@code slots} jobs start at 0, and
 * each next job starts when the earliest slot frees, that slot then busy for the job's remaining time. A job's EWT
 * is its start. EWT never decreases along the priority order, so "offload the largest EWT first" offloads the
 * lowest priority first, and a job's EWT falls as the jobs ahead of it finish.
 */
public final class Ewt {
    private Ewt() {}

    /** The start times of {@code remaining} (in priority order) on {@code slots} slots. */
    //@ requires slots >= 1 && (\forall int i; 0 <= i && i < remaining.length; remaining[i] >= 0);
    //@ ensures \result.length == remaining.length;
    //@ ensures (\forall int i; 0 <= i && i < remaining.length && i < slots; \result[i] == 0);
    //@ ensures (\forall int i; 0 < i && i < remaining.length; \result[i - 1] <= \result[i]);
    public static long[] starts(long[] remaining, int slots) {
        long[] start = new long[remaining.length];
        Slots s = new Slots(slots);
        for (int i = 0; i < remaining.length; i++) start[i] = s.next(remaining[i]);
        return start;
    }

    /** The list schedule one job at a time, so a caller computes the EWT of a prefix of the order only. */
    public static final class Slots {
        private final int slots;
        private final PriorityQueue<Long> free = new PriorityQueue<>();
        private int placed;

        //@ requires slots >= 1;
        public Slots(int slots) {
            this.slots = slots;
        }

        /** The start of the next job in priority order, which then holds its slot for {@code remaining}. */
        //@ requires remaining >= 0;
        public long next(long remaining) {
            long at = placed++ < slots ? 0 : free.poll();
            free.add(at + remaining);
            return at;
        }
    }
}
