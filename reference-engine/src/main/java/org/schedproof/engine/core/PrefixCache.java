package org.schedproof.engine.core;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The radix prefix cache at block granularity. A node is one full block of prompt tokens, identified by the chain
 * hash of every token from position 0 to its end (so a node implies its whole prefix, as a radix path does). Nodes
 * referenced by no request are evictable; eviction takes the least recently used leaf, ties by creation order.
 */
final class PrefixCache {
    static final class Node {
        final long hash;
        final Node parent;
        final int block;
        final long seq;
        int refs;
        int children;
        long lastUsed;

        Node(long hash, Node parent, int block, long seq) {
            this.hash = hash;
            this.parent = parent;
            this.block = block;
            this.seq = seq;
        }
    }

    private static final Comparator<Node> LRU =
            Comparator.<Node>comparingLong(n -> n.lastUsed).thenComparingLong(n -> n.seq);

    private final Map<Long, Node> byHash = new HashMap<>();
    private final TreeSet<Node> evictableLeaves = new TreeSet<>(LRU);
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
        Node n = new Node(chainHash, parent, block, nextSeq++);
        n.refs = 1;
        n.lastUsed = now;
        if (parent != null) {
            if (parent.children++ == 0 && parent.refs == 0) {
                evictableLeaves.remove(parent);
            }
        }
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
        byHash.remove(n.hash);
        unreferenced--;
        Node p = n.parent;
        if (p != null && --p.children == 0 && p.refs == 0) {
            evictableLeaves.add(p);
        }
        return n.block;
    }
}
