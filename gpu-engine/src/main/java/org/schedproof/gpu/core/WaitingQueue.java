package org.schedproof.gpu.core;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.schedproof.spec.Request;

/**
 * Waiting requests in (arrival, id) order as a read-only list for schedulers. An arrival appends, an admission
 * leaves a hole in O(log n) (the reference shifts an array), a preempted request is put back in order; holes are
 * squeezed out when they outnumber the live entries. A Fenwick tree of live slots answers {@link #get} in O(log n),
 * and in O(1) past the last hole (admissions mostly take from the front, so most of the list is dense): a policy
 * that binary-searches the list stays fast. The tree is built by the first {@link #get} that needs it after a
 * compaction and kept from then on: a run whose policies only iterate (VTC names requests by id) never pays for it.
 */
final class WaitingQueue extends AbstractList<Sequence> {
    private Sequence[] items = new Sequence[64];
    /** Fenwick tree over slots: live entries per slot range (1-based). */
    private int[] live1 = new int[65];
    /** Whether {@link #live1}, {@link #lastHole} and {@link #liveBeforeDense} are kept (else built on demand). */
    private boolean indexed = true;
    private int head;
    private int tail;
    private int live;
    /** The highest slot in [head, tail) that holds a hole, or -1 for none; the live entries in [head, lastHole]. */
    private int lastHole = -1;
    private int liveBeforeDense;

    @Override
    public int size() {
        return live;
    }

    @Override
    public Sequence get(int index) {
        if (index < 0 || index >= live) throw new IndexOutOfBoundsException(index + " of " + live);
        if (tail - head == live) return items[head + index];
        if (!indexed) index();
        if (index >= liveBeforeDense) return items[lastHole + 1 + index - liveBeforeDense];
        int slot = 0; // Fenwick descent: the largest prefix of slots holding at most index live entries
        for (int step = Integer.highestOneBit(items.length); step > 0; step >>= 1) {
            if (slot + step <= items.length && live1[slot + step] <= index) {
                slot += step;
                index -= live1[slot];
            }
        }
        return items[slot];
    }

    private void count(int slot, int delta) {
        if (!indexed) return;
        for (int i = slot + 1; i < live1.length; i += i & -i) live1[i] += delta;
    }

    @Override
    public Iterator<Sequence> iterator() {
        return new Iterator<>() {
            private int i = head;

            @Override
            public boolean hasNext() {
                while (i < tail && items[i] == null) i++;
                return i < tail;
            }

            @Override
            public Sequence next() {
                if (!hasNext()) throw new NoSuchElementException();
                return items[i++];
            }
        };
    }

    void insert(Sequence s) {
        if (live > 0 && Request.byArrival(items[tail - 1].request, s.request) > 0) {
            insertInOrder(s);
            return;
        }
        if (tail == items.length) compact(true);
        s.waitSlot = tail;
        count(tail, 1);
        items[tail++] = s;
        live++;
    }

    void delete(Sequence s) {
        int slot = s.waitSlot;
        items[slot] = null;
        count(slot, -1);
        s.waitSlot = -1;
        live--;
        while (head < tail && items[head] == null) head++;
        while (tail > head && items[tail - 1] == null) tail--;
        if (live == 0) {
            head = tail = 0;
            java.util.Arrays.fill(live1, 0);
            noHoles();
        } else if (tail - head > 2 * live + 64) {
            compact(false);
        } else if (tail - head == live) {
            noHoles();
        } else if (!indexed) {
            return; // lastHole and liveBeforeDense are found when the tree is built
        } else if (slot > lastHole) {
            lastHole = slot;
            liveBeforeDense = liveBefore(slot);
        } else {
            liveBeforeDense--;
        }
        if (lastHole >= tail) { // the tail was trimmed back past the last hole: every entry counts as before it
            lastHole = tail - 1;
            liveBeforeDense = live;
        }
    }

    private void noHoles() {
        lastHole = -1;
        liveBeforeDense = 0;
    }

    /** Live entries in slots [0, slot): a Fenwick prefix sum. */
    private int liveBefore(int slot) {
        int sum = 0;
        for (int i = slot; i > 0; i -= i & -i) sum += live1[i];
        return sum;
    }

    /** A preempted request goes back to its place: squeeze, find by binary search, shift the tail. */
    private void insertInOrder(Sequence s) {
        compact(live + 1 > items.length);
        int lo = 0, hi = live;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Request.byArrival(items[mid].request, s.request) < 0) lo = mid + 1;
            else hi = mid;
        }
        System.arraycopy(items, lo, items, lo + 1, live - lo);
        items[lo] = s;
        live++;
        tail = live;
        for (int i = lo; i < tail; i++) items[i].waitSlot = i;
        noHoles();
        rebuild();
    }

    /** Moves the live entries to the front, growing the array when asked. */
    private void compact(boolean grow) {
        Sequence[] to = grow || live * 2 >= items.length ? new Sequence[Math.max(64, items.length * 2)] : items;
        int n = 0;
        for (int i = head; i < tail; i++) {
            Sequence s = items[i];
            if (s != null) {
                s.waitSlot = n;
                to[n++] = s;
            }
        }
        if (to == items) java.util.Arrays.fill(items, n, tail, null);
        items = to;
        head = 0;
        tail = n;
        noHoles();
        rebuild();
    }

    /** Slots [0, tail) live, the rest empty: the Fenwick tree is built when next needed. */
    private void rebuild() {
        indexed = false;
    }

    /** Builds the Fenwick tree from the slots in O(capacity), and finds the last hole and the live entries up to it. */
    private void index() {
        if (live1.length != items.length + 1) live1 = new int[items.length + 1];
        lastHole = -1;
        int liveSoFar = 0;
        liveBeforeDense = 0;
        for (int i = 1; i < live1.length; i++) {
            boolean isLive = items[i - 1] != null;
            live1[i] = isLive ? 1 : 0;
            if (isLive) {
                liveSoFar++;
            } else if (i - 1 >= head && i - 1 < tail) {
                lastHole = i - 1;
                liveBeforeDense = liveSoFar;
            }
        }
        for (int i = 1; i < live1.length; i++) {
            int parent = i + (i & -i);
            if (parent < live1.length) live1[parent] += live1[i];
        }
        indexed = true;
    }
}
