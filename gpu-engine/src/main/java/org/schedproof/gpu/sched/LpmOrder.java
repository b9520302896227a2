package org.schedproof.gpu.sched;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * Entries of an {@link LpmIndex} in the reference's LPM order ({@link LpmIndex#LPM}: not deprioritized first, then the
 * longer cached prefix, then the smaller arrival rank), kept as one {@link RankSet} of ranks per (deprioritized,
 * cached) bucket: a request whose cached prefix grows moves between two buckets in O(1), and a walk reads the few
 * buckets in order, each by rank. An entry's key fields change only while it is out of the order.
 */
final class LpmOrder implements Iterable<LpmIndex.Entry> {
    /** The index's entries by rank (shared by the per-client orders, so each holds only bits). */
    private final IntFunction<LpmIndex.Entry> byRank;
    /** One bucket per distinct cached length seen, longest first: the ranks not deprioritized, and those that are. */
    private record Bucket(int cached, RankSet early, RankSet late) {}

    private Bucket[] buckets = new Bucket[0];
    private int size;

    LpmOrder(IntFunction<LpmIndex.Entry> byRank) {
        this.byRank = byRank;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(LpmIndex.Entry e) {
        bucket(e).add(rank(e));
        size++;
    }

    void remove(LpmIndex.Entry e) {
        bucket(e).remove(rank(e));
        size--;
    }

    private static int rank(LpmIndex.Entry e) {
        return Math.toIntExact(e.rank);
    }

    /** The set of e's key, its bucket made when its cached length is new. */
    private RankSet bucket(LpmIndex.Entry e) {
        int lo = 0, hi = buckets.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = buckets[mid].cached;
            if (c == e.cached) return e.late ? buckets[mid].late : buckets[mid].early;
            if (c > e.cached) lo = mid + 1;
            else hi = mid - 1;
        }
        Bucket[] to = new Bucket[buckets.length + 1];
        System.arraycopy(buckets, 0, to, 0, lo);
        to[lo] = new Bucket(e.cached, new RankSet(), new RankSet());
        System.arraycopy(buckets, lo, to, lo + 1, buckets.length - lo);
        buckets = to;
        return e.late ? to[lo].late : to[lo].early;
    }

    /** The members in LPM order; valid while the order is unchanged (a pass reads it between reports). */
    @Override
    public Iterator<LpmIndex.Entry> iterator() {
        return new Iterator<>() {
            /** Bucket b of the early buckets then of the late ones; the next rank to look at in it. */
            private int b;
            private int from;
            private int nextRank = advance();

            private int advance() {
                int n = buckets.length;
                while (b < 2 * n) {
                    RankSet s = b < n ? buckets[b].early : buckets[b - n].late;
                    int r = s.next(from);
                    if (r >= 0) {
                        from = r + 1;
                        return r;
                    }
                    b++;
                    from = 0;
                }
                return -1;
            }

            @Override
            public boolean hasNext() {
                return nextRank >= 0;
            }

            @Override
            public LpmIndex.Entry next() {
                if (nextRank < 0) throw new NoSuchElementException();
                LpmIndex.Entry e = byRank.apply(nextRank);
                nextRank = advance();
                return e;
            }
        };
    }
}
