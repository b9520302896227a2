package org.schedproof.invariants;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service gap of every pair of clients over the stretches of steps where both stay backlogged (spec/FAIRNESS.md
 * section 1), streaming, for the FAIR-*-GAP checkers: per pair, the least and the greatest difference of their
 * cumulative services at the step boundaries since the stretch began, so the widest gap of any interval ending at
 * the current boundary is one subtraction. O(b²) time and memory per step for b clients backlogged through it.
 */
final class ServiceGaps {
    /** Client {@code more} received {@code gap} more service than client {@code less} over steps [from, to). */
    record Excess(int more, int less, long from, long to, long gap) {}

    /** The bound a pair's gap is held to at the current boundary. */
    interface Bound {
        long of(int f, int g);
    }

    /** Each client's service since the trace began. */
    private long[] total = new long[0];
    /** Pairs (f < g) backlogged through the previous step: {least D, its boundary, greatest D, its boundary, reported}. */
    private Map<Long, long[]> stretches = new HashMap<>();

    /**
     * Step {@code index}: {@code through[c]} says client c stayed backlogged through it, {@code service[c]} is what c
     * received in it. Returns the pairs whose gap over some interval ending after this step exceeds its bound, each
     * stretch reported once.
     */
    List<Excess> step(long index, boolean[] through, long[] service, Bound bound) {
        int n = service.length;
        if (total.length < n) total = Arrays.copyOf(total, n);
        for (int c = 0; c < n; c++) total[c] += service[c];
        List<Integer> in = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            if (through[c]) in.add(c);
        }
        Map<Long, long[]> next = new HashMap<>();
        List<Excess> out = new ArrayList<>();
        for (int x = 0; x < in.size(); x++) {
            for (int y = x + 1; y < in.size(); y++) {
                int f = in.get(x);
                int g = in.get(y);
                long key = (long) f << 32 | g;
                long after = total[f] - total[g];
                long[] s = stretches.get(key);
                if (s == null) {
                    long before = after - service[f] + service[g];
                    s = new long[] {before, index, before, index, 0};
                }
                long up = after - s[0];
                long down = s[2] - after;
                long b = bound.of(f, g);
                if (s[4] == 0 && Math.max(up, down) > b) {
                    s[4] = 1;
                    out.add(up >= down ? new Excess(f, g, s[1], index + 1, up) : new Excess(g, f, s[3], index + 1, down));
                }
                if (after < s[0]) {
                    s[0] = after;
                    s[1] = index + 1;
                }
                if (after > s[2]) {
                    s[2] = after;
                    s[3] = index + 1;
                }
                next.put(key, s);
            }
        }
        stretches = next;
        return out;
    }
}
