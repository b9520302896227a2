package org.schedproof.gpu.core;

import java.util.Arrays;

/**
 * The radix cache's evictable leaves in eviction order: least recently used first, then the older node (by creation
 * order, so the order is total). A binary min-heap whose nodes keep their slot (removal needs no search), and in front
 * of it at most one node less recent than all of the heap: an eviction makes the victim's parent a leaf, and that
 * parent, used with the victim but created before it, is usually the next victim, so it waits in front instead of
 * sifting through the heap. A node's key ({@code lastUsed}) changes only while it is out. The reference engine's
 * {@code PrefixCache} keeps its leaves the same way; {@code LruLeavesTest} checks this one against a sorted set.
 */
final class LruLeaves {
    /** {@link RadixCache.Node#heapSlot} of the node in front. */
    private static final int FRONT = Integer.MAX_VALUE;
    private RadixCache.Node front;
    private RadixCache.Node[] slots = new RadixCache.Node[256];
    private int size;

    /** Adds {@code n}, which is not in. */
    void add(RadixCache.Node n) {
        if (front == null && (size == 0 || lessRecent(n, slots[0]))) {
            place(n, FRONT);
            front = n;
            return;
        }
        if (front != null && lessRecent(n, front)) {
            RadixCache.Node was = front;
            place(n, FRONT);
            front = n;
            n = was;
        }
        if (size == slots.length) slots = Arrays.copyOf(slots, 2 * size);
        siftUp(n, size++);
    }

    /** Takes {@code n} out; nothing when it is not in. */
    void remove(RadixCache.Node n) {
        int at = n.heapSlot;
        if (at < 0) return;
        n.heapSlot = -1;
        if (at == FRONT) {
            front = null;
            return;
        }
        RadixCache.Node last = slots[--size];
        slots[size] = null;
        if (at == size) return;
        siftUp(last, at);
        if (last.heapSlot == at) siftDown(last, at);
    }

    /** Takes out and returns the least recent leaf, or null when there is none. */
    RadixCache.Node pollFirst() {
        RadixCache.Node first = front != null ? front : size > 0 ? slots[0] : null;
        if (first != null) remove(first);
        return first;
    }

    /** Least recently used first, then the older node. */
    static boolean lessRecent(RadixCache.Node a, RadixCache.Node b) {
        return a.lastUsed != b.lastUsed ? a.lastUsed < b.lastUsed : a.seq < b.seq;
    }

    private void siftUp(RadixCache.Node n, int at) {
        while (at > 0) {
            int up = (at - 1) >>> 1;
            if (!lessRecent(n, slots[up])) break;
            place(slots[up], at);
            at = up;
        }
        place(n, at);
    }

    private void siftDown(RadixCache.Node n, int at) {
        for (int child = 2 * at + 1; child < size; child = 2 * at + 1) {
            if (child + 1 < size && lessRecent(slots[child + 1], slots[child])) child++;
            if (!lessRecent(slots[child], n)) break;
            place(slots[child], at);
            at = child;
        }
        place(n, at);
    }

    private void place(RadixCache.Node n, int at) {
        if (at != FRONT) slots[at] = n;
        n.heapSlot = at;
    }
}
