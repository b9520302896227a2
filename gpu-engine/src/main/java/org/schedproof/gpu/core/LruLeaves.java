package org.schedproof.gpu.core;

import java.util.Arrays;

/**
 * The radix cache's evictable leaves in eviction order: least recently used first, then the older node (by creation
 * order, so the order is total). A binary min-heap whose nodes keep their slot (removal needs no search), and in front
 * of it at most one node less recent than all of the heap: an eviction makes the victim's parent a leaf, and that
 * parent, used with the victim but created before it, is usually the next victim, so it waits in front instead of
 * sifting through the heap. A node's key ({@code lastUsed}) changes only while it is out, so the heap keeps each slot's
 * key beside it and compares without reading the nodes (a removal from the middle sinks the last leaf through every
 * level: one node read per level instead of three). The reference engine's {@code PrefixCache} keeps its leaves the
 * same way, keys in the nodes; {@code RadixCacheTest} checks the order against a scan of every node.
 */
final class LruLeaves {
    /** {@link RadixCache.Node#heapSlot} of the node in front. */
    private static final int FRONT = Integer.MAX_VALUE;
    private RadixCache.Node front;
    private RadixCache.Node[] slots = new RadixCache.Node[256];
    /** Key of the node in each slot: last used, then creation order. */
    private long[] used = new long[256];
    private long[] seq = new long[256];
    private int size;

    /** Adds {@code n}, which is not in. */
    void add(RadixCache.Node n) {
        if (front == null && (size == 0 || lessRecent(n.lastUsed, n.seq, 0))) {
            n.heapSlot = FRONT;
            front = n;
            return;
        }
        if (front != null && lessRecent(n, front)) {
            RadixCache.Node was = front;
            n.heapSlot = FRONT;
            front = n;
            n = was;
        }
        if (size == slots.length) {
            slots = Arrays.copyOf(slots, 2 * size);
            used = Arrays.copyOf(used, 2 * size);
            seq = Arrays.copyOf(seq, 2 * size);
        }
        siftUp(n, n.lastUsed, n.seq, size++);
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
        long lastUsed = used[size], lastSeq = seq[size];
        slots[size] = null;
        if (at == size) return;
        siftUp(last, lastUsed, lastSeq, at);
        if (last.heapSlot == at) siftDown(last, lastUsed, lastSeq, at);
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

    /** Whether key (u, q) is less recent than the key in slot {@code at}. */
    private boolean lessRecent(long u, long q, int at) {
        return u != used[at] ? u < used[at] : q < seq[at];
    }

    private void siftUp(RadixCache.Node n, long u, long q, int at) {
        while (at > 0) {
            int up = (at - 1) >>> 1;
            if (!lessRecent(u, q, up)) break;
            move(up, at);
            at = up;
        }
        place(n, u, q, at);
    }

    private void siftDown(RadixCache.Node n, long u, long q, int at) {
        for (int child = 2 * at + 1; child < size; child = 2 * at + 1) {
            if (child + 1 < size && lessRecent(used[child + 1], seq[child + 1], child)) child++;
            if (!lessRecent(used[child], seq[child], u, q)) break;
            move(child, at);
            at = child;
        }
        place(n, u, q, at);
    }

    private static boolean lessRecent(long u1, long q1, long u2, long q2) {
        return u1 != u2 ? u1 < u2 : q1 < q2;
    }

    /** Moves the node in slot {@code from} to slot {@code to}. */
    private void move(int from, int to) {
        RadixCache.Node n = slots[from];
        slots[to] = n;
        used[to] = used[from];
        seq[to] = seq[from];
        n.heapSlot = to;
    }

    private void place(RadixCache.Node n, long u, long q, int at) {
        if (at != FRONT) {
            slots[at] = n;
            used[at] = u;
            seq[at] = q;
        }
        n.heapSlot = at;
    }
}
