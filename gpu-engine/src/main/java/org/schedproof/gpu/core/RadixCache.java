package org.schedproof.gpu.core;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.function.Consumer;

/**
 * The prefix cache at block granularity, with the reference engine's semantics: a node is one full prompt block named
 * by the chain hash of its whole prefix; nodes no request references are evictable, the least recently used leaf
 * first, ties by creation order.
 *
 * <p>Once {@link #track tracking} (a policy listens to every change of a waiting request's match, as LPM's index does),
 * waiting requests hang in it where their cached match ends: on that node (none for an empty match), and, unless the
 * match is at its cap, under the chain hash of their next block. Inserting a node moves the requests waiting for its
 * hash one block down (a new node has no children, so one block is all), evicting one moves its requests one block up,
 * so a waiting request's match is always current in O(1) and every change is reported to {@link #onMove}. Both are
 * {@link Waiters} lists threaded through the requests themselves: hanging and unhanging allocate nothing. Until then
 * (VTC, FCFS: only the few requests a pass offers are ever asked about) a match is walked when {@link #match asked}
 * and kept until an insertion or eviction changes the cache's shape: a crowded queue is not indexed by next block.
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
        /** Its slot in {@link LruLeaves}, -1 while it is not an evictable leaf. */
        int heapSlot = -1;
        /** Waiting requests whose match ends here. */
        final Waiters hanging = new Waiters(false);

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

    private final int blockSize;
    /** Primitive keys: a lookup per block of every arrival, admission and promotion would box each hash. */
    private final Long2ObjectOpenHashMap<Node> byHash = new Long2ObjectOpenHashMap<>();
    private final LruLeaves evictableLeaves = new LruLeaves();
    /** Waiting requests whose match could grow by the block of this chain hash. */
    private final Long2ObjectOpenHashMap<Waiters> next = new Long2ObjectOpenHashMap<>();
    private int unreferenced;
    private long nextSeq;
    /** Whether waiting requests hang in the cache (their matches kept current), else matches are walked when asked. */
    private boolean tracking;
    /** Counts insertions and evictions: a match walked at the same count is still the match. */
    private long shape;
    /** Told of every waiting request whose match an insertion or eviction changed. */
    Consumer<Sequence> onMove = s -> {};

    RadixCache(int blockSize) {
        this.blockSize = blockSize;
    }

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
        shape++;
        Waiters down = tracking ? next.remove(chainHash) : null;
        if (down != null) {
            for (Sequence s = down.head, following; s != null; s = following) {
                following = s.nextAfter; // attach links s into another list of its kind
                if (parent != null) parent.hanging.remove(s);
                s.matchBlocks++;
                attach(s, n);
                onMove.accept(s);
            }
        }
        return n;
    }

    /**
     * A request begins waiting, its match capped at {@code max} blocks: when tracking, its match (the longest run of
     * cached blocks of its chain from the root) is walked once and it hangs where the match ends; else it is walked
     * when first asked.
     */
    //@ requires max >= 0;
    //@ ensures s.matchBlocks <= max;
    void hang(Sequence s, int max) {
        s.matchMax = max;
        s.matchVersion = -1;
        if (tracking) {
            walk(s);
            attach(s, s.matchNode);
        }
    }

    /** Makes waiting request s's {@code matchBlocks} and {@code matchNode} current (when tracking, they are). */
    void match(Sequence s) {
        if (!tracking && s.matchVersion != shape) {
            walk(s);
            s.matchVersion = shape;
        }
    }

    /** From now on every waiting request hangs in the cache; {@code waiting} are those waiting now. */
    void track(Iterable<Sequence> waiting) {
        if (tracking) return;
        tracking = true;
        for (Sequence s : waiting) {
            walk(s);
            attach(s, s.matchNode);
        }
    }

    /** Walks s's match: the longest run of cached blocks of its chain from the root, at most {@code matchMax}. */
    private void walk(Sequence s) {
        s.matchBlocks = 0;
        Node at = null;
        while (s.matchBlocks < s.matchMax) {
            Node n = byHash.get(s.chainHash(s.matchBlocks, blockSize));
            if (n == null || n.parent != at) break;
            at = n;
            s.matchBlocks++;
        }
        s.matchNode = at;
    }

    /** A request stops waiting (admitted). */
    void unhang(Sequence s) {
        if (!tracking) {
            s.matchNode = null;
            return;
        }
        if (s.matchNode != null) s.matchNode.hanging.remove(s);
        if (s.matchBlocks < s.matchMax) {
            long h = s.chainHash(s.matchBlocks, blockSize);
            Waiters w = next.get(h);
            w.remove(s);
            if (w.isEmpty()) next.remove(h);
        }
        s.matchNode = null;
    }

    /** Hangs {@code s}, whose match is {@code s.matchBlocks} blocks ending at {@code at}. */
    private void attach(Sequence s, Node at) {
        s.matchNode = at;
        if (at != null) at.hanging.add(s);
        if (s.matchBlocks < s.matchMax) {
            long h = s.chainHash(s.matchBlocks, blockSize);
            Waiters w = next.get(h);
            if (w == null) next.put(h, w = new Waiters(true));
            w.add(s);
        }
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
        shape++;
        unreferenced--;
        Node p = n.parent;
        if (p != null && --p.children == 0 && p.refs == 0) evictableLeaves.add(p);
        for (Sequence s = n.hanging.head, following; s != null; s = following) {
            following = s.hangAfter; // unhang and attach relink s
            unhang(s);
            s.matchBlocks--;
            attach(s, p);
            onMove.accept(s);
        }
        return n.block;
    }
}
