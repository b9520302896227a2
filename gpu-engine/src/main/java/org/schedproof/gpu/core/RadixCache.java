package org.schedproof.gpu.core;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The prefix cache at block granularity, with the reference engine's semantics: a node is one full prompt block named
 * by the chain hash of its whole prefix; nodes no request references are evictable, the least recently used leaf
 * first, ties by creation order.
 */
final class RadixCache {
    static final class Node {
        final long hash;
        final Node parent;
        final int block;
        final long seq;
        int refs;
        int children;
        long lastUsed;
        /** Validation scratch: references the batch's preemptions drop, and whether an admission pins it. */
        long releasedAt = -1;
        int released;
        long pinnedAt = -1;

        Node(long hash, Node parent, int block, long seq) {
            this.hash = hash;
            this.parent = parent;
            this.block = block;
            this.seq = seq;
        }

        int releasedIn(long step) {
            return releasedAt == step ? released : 0;
        }
    }

    private final Map<Long, Node> byHash = new HashMap<>();
    private final TreeSet<Node> evictableLeaves = new TreeSet<>((a, b) -> a.lastUsed != b.lastUsed
            ? Long.compare(a.lastUsed, b.lastUsed) : Long.compare(a.seq, b.seq));
    private int unreferenced;
    private long nextSeq;

    int evictable() {
        return unreferenced;
    }

    Node get(long chainHash) {
        return byHash.get(chainHash);
    }

    Node insert(long chainHash, Node parent, int block, long now) {
        Node n = new Node(chainHash, parent, block, nextSeq++);
        n.refs = 1;
        n.lastUsed = now;
        if (parent != null && parent.children++ == 0 && parent.refs == 0) evictableLeaves.remove(parent);
        byHash.put(chainHash, n);
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
        if (n.refs <= 0) throw new IllegalStateException("cache node of block " + n.block + " released with no reference");
        n.lastUsed = now;
        if (--n.refs == 0) {
            unreferenced++;
            if (n.children == 0) evictableLeaves.add(n);
        }
    }

    //@ requires evictable() > 0;
    int evict() {
        Node n = evictableLeaves.pollFirst();
        if (n == null) throw new IllegalStateException("nothing evictable");
        byHash.remove(n.hash);
        unreferenced--;
        Node p = n.parent;
        if (p != null && --p.children == 0 && p.refs == 0) evictableLeaves.add(p);
        return n.block;
    }
}
