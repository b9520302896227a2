package org.schedproof.engine.core;

import java.util.Arrays;

/**
 * The radix prefix cache at block granularity. A node is one full block of prompt tokens, identified by the chain
 * hash of every token from position 0 to its end (so a node implies its whole prefix, as a radix path does). Nodes
 * referenced by no request are evictable; eviction takes the least recently used leaf, ties by creation order.
 */
final class PrefixCache {
    static final class Node {
        long hash;
        Node parent;
        int block;
        /** Creation number, new each time the node is reused: it breaks LRU ties and dates a memo's node. */
        long seq;
        int refs;
        int children;
        long lastUsed;
        /** Its slot in the eviction heap, -1 while it is not an evictable leaf. */
        int heapSlot = -1;
        /** The next node of its bucket in {@link NodeTable}, or of the free list once evicted. */
        Node nextInBucket;

        private void init(long hash, Node parent, int block, long seq) {
            this.hash = hash;
            this.parent = parent;
            this.block = block;
            this.seq = seq;
        }
    }

    private final NodeTable byHash = new NodeTable();
    /**
     * Evicted nodes, reused by {@link #insert} (a list through {@code nextInBucket}): a node lives as long as its block
     * stays cached, too long for a young collection to find it dead and too short for the old generation (millions of
     * them in a long run).
     */
    private Node evicted;
    private final LruHeap evictableLeaves = new LruHeap();
    private int unreferenced;
    private long nextSeq;

    /** Nodes referenced by no request: all of them can be evicted, leaves first. */
    int evictable() {
        return unreferenced;
    }

    int size() {
        return byHash.size();
    }

    Node get(long chainHash) {
        return byHash.get(chainHash);
    }

    /** Adds a node for a block the caller owns and references; its parent (if any) must be in the cache. */
    //@ ensures \result.refs == 1;
    Node insert(long chainHash, Node parent, int block, long now) {
        Node n = evicted != null ? evicted : new Node();
        if (n == evicted) evicted = n.nextInBucket;
        n.init(chainHash, parent, block, nextSeq++);
        n.refs = 1;
        n.lastUsed = now;
        if (parent != null) {
            if (parent.children++ == 0 && parent.refs == 0) {
                evictableLeaves.remove(parent);
            }
        }
        byHash.add(n);
        return n;
    }

    void acquire(Node n, long now) {
        if (n.refs == 0) {
            unreferenced--;
            if (n.children == 0) evictableLeaves.remove(n);
        }
        n.refs++;
        n.lastUsed = now;
    }

    void release(Node n, long now) {
        if (n.refs <= 0) {
            throw new IllegalStateException("cache node of block " + n.block + " released with no reference");
        }
        n.lastUsed = now;
        if (--n.refs == 0) {
            unreferenced++;
            if (n.children == 0) evictableLeaves.add(n);
        }
    }

    /** Evicts the least recently used unreferenced leaf and returns its block. */
    //@ requires evictable() > 0;
    int evict() {
        Node n = evictableLeaves.pollFirst();
        if (n == null) {
            throw new IllegalStateException("nothing evictable");
        }
        byHash.remove(n);
        unreferenced--;
        Node p = n.parent;
        if (p != null && --p.children == 0 && p.refs == 0) {
            evictableLeaves.add(p);
        }
        n.parent = null;
        n.nextInBucket = evicted;
        evicted = n;
        return n.block;
    }

    /**
     * Nodes by chain hash, chained through the nodes themselves: an eviction unlinks its node from a short bucket
     * instead of shifting an open-addressing cluster (millions of evictions in a long run). Chain hashes are already
     * well mixed, so a bucket is their low bits.
     */
    private static final class NodeTable {
        private Node[] buckets = new Node[256];
        private int size;

        int size() {
            return size;
        }

        Node get(long hash) {
            Node n = buckets[(int) hash & (buckets.length - 1)];
            while (n != null && n.hash != hash) n = n.nextInBucket;
            return n;
        }

        /** Adds a node whose hash is not in the table yet. */
        void add(Node n) {
            if (++size > buckets.length - (buckets.length >> 2)) grow();
            int at = (int) n.hash & (buckets.length - 1);
            n.nextInBucket = buckets[at];
            buckets[at] = n;
        }

        void remove(Node n) {
            int at = (int) n.hash & (buckets.length - 1);
            if (buckets[at] == n) {
                buckets[at] = n.nextInBucket;
            } else {
                Node before = buckets[at];
                while (before.nextInBucket != n) before = before.nextInBucket;
                before.nextInBucket = n.nextInBucket;
            }
            n.nextInBucket = null;
            size--;
        }

        private void grow() {
            Node[] old = buckets;
            buckets = new Node[2 * old.length];
            for (Node head : old) {
                for (Node n = head, next; n != null; n = next) {
                    next = n.nextInBucket;
                    int at = (int) n.hash & (buckets.length - 1);
                    n.nextInBucket = buckets[at];
                    buckets[at] = n;
                }
            }
        }
    }

    /** Least recently used first, then the older node: a total order, since creation orders differ. */
    private static boolean lessRecent(Node a, Node b) {
        return a.lastUsed != b.lastUsed ? a.lastUsed < b.lastUsed : a.seq < b.seq;
    }

    /**
     * The evictable leaves in LRU order: a binary min-heap, each node keeping its slot so removal needs no search, and
     * in front of it at most one node less recent than all of it. An eviction makes the victim's parent a leaf, and
     * that parent, used with the victim but created before it, is usually the next victim: it waits in front instead
     * of sifting through the heap. A node's key (lastUsed) only changes while it is out.
     */
    private static final class LruHeap {
        /** Slot of a node waiting in front of the heap. */
        private static final int FRONT = Integer.MAX_VALUE;
        private Node front;
        private Node[] slots = new Node[256];
        private int size;

        void add(Node n) {
            if (front == null && (size == 0 || lessRecent(n, slots[0]))) {
                front = n;
                n.heapSlot = FRONT;
                return;
            }
            if (front != null && lessRecent(n, front)) {
                Node was = front;
                front = n;
                n.heapSlot = FRONT;
                n = was;
            }
            if (size == slots.length) slots = Arrays.copyOf(slots, 2 * size);
            siftUp(n, size++);
        }

        void remove(Node n) {
            int at = n.heapSlot;
            if (at < 0) return;
            n.heapSlot = -1;
            if (at == FRONT) {
                front = null;
                return;
            }
            Node last = slots[--size];
            slots[size] = null;
            if (at == size) return;
            siftUp(last, at);
            if (last.heapSlot == at) siftDown(last, at);
        }

        Node pollFirst() {
            Node first = front != null ? front : size > 0 ? slots[0] : null;
            if (first != null) remove(first);
            return first;
        }

        private void siftUp(Node n, int at) {
            while (at > 0) {
                int up = (at - 1) / 2;
                if (!lessRecent(n, slots[up])) break;
                place(slots[up], at);
                at = up;
            }
            place(n, at);
        }

        private void siftDown(Node n, int at) {
            for (int child = 2 * at + 1; child < size; child = 2 * at + 1) {
                if (child + 1 < size && lessRecent(slots[child + 1], slots[child])) child++;
                if (!lessRecent(slots[child], n)) break;
                place(slots[child], at);
                at = child;
            }
            place(n, at);
        }

        private void place(Node n, int at) {
            slots[at] = n;
            n.heapSlot = at;
        }
    }
}
