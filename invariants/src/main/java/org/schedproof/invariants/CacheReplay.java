package org.schedproof.invariants;

import java.util.ArrayList;
import java.util.List;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;

/**
 * The paged KV pool and the prefix cache a trace implies, replayed from its steps by the rules of spec/MODEL.md
 * section 12 (written from that page, sharing no code with an engine): which full prompt blocks are cached, which
 * requests reference them, which are evictable and in which LRU order, and so how many blocks are in use, what each
 * admission's cached prefix is and how many blocks each step must evict.
 *
 * <p>Drive it with the trace's arrivals ({@link #arrive}) and, after {@link Replay} has applied a step, with the
 * step's facts ({@link #apply}); a rejected step changes nothing. Between steps, {@link #matchTokens} answers what an
 * admission would hit now. Memory: one entry per live request (the chain hashes of the prompt blocks it reached) and
 * one per cached block.
 */
final class CacheReplay {
    /** A cached full prompt block, named by its chain hash ({@code Prompt.blockChain}), which implies its prefix. */
    private static final class Node {
        final long hash;
        final Node parent;
        /** Creation order: the LRU tie-break. */
        final long created;
        int refs;
        int children;
        /** The last step that created, took or released it. */
        long lastUsed;
        /** Its place in {@link #leaves}, -1 when it is not an eviction candidate. */
        int leafAt = -1;

        Node(long hash, Node parent, long created) {
            this.hash = hash;
            this.parent = parent;
            this.created = created;
        }
    }

    /** What a live request holds: the cached blocks of its prompt prefix, then blocks of its own. */
    private static final class Holding {
        final Request request;
        final List<Node> nodes = new ArrayList<>();
        int owned;
        int computed;
        long[] chain = new long[0];
        /** Memo of the last match: its last node and length (the node still cached means its whole path is). */
        Node matchLast;
        int matchBlocks;

        Holding(Request request) {
            this.request = request;
        }
    }

    /** An admission: the hit the trace lists (0 without one) and the cached prefix the replay finds, in tokens. */
    record Admission(long requestId, int listed, int matched) {}

    /** What an applied step did to the cache. */
    record Applied(List<Admission> admissions, int evicted) {}

    /** LRU order: least recently used first, then the oldest (creation orders are distinct: a total order). */
    private static boolean before(Node a, Node b) {
        return a.lastUsed != b.lastUsed ? a.lastUsed < b.lastUsed : a.created < b.created;
    }

    /**
     * The eviction candidates as a binary min-heap in LRU order, each node knowing its place (removal without a
     * search, no entry objects). A node's order never changes while it is a candidate: it is taken out first.
     */
    private static final class Leaves {
        private Node[] heap = new Node[64];
        private int size;

        void add(Node n) {
            if (size == heap.length) heap = java.util.Arrays.copyOf(heap, 2 * size);
            heap[size] = n;
            n.leafAt = size;
            up(size++);
        }

        void remove(Node n) {
            int i = n.leafAt;
            if (i < 0) return;
            n.leafAt = -1;
            Node last = heap[--size];
            heap[size] = null;
            if (i == size) return;
            heap[i] = last;
            last.leafAt = i;
            up(i);
            down(last.leafAt);
        }

        /** The least recently used candidate, removed; null when there is none. */
        Node pollFirst() {
            if (size == 0) return null;
            Node first = heap[0];
            remove(first);
            return first;
        }

        private void up(int i) {
            Node n = heap[i];
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                Node p = heap[parent];
                if (!before(n, p)) break;
                heap[i] = p;
                p.leafAt = i;
                i = parent;
            }
            heap[i] = n;
            n.leafAt = i;
        }

        private void down(int i) {
            Node n = heap[i];
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && before(heap[child + 1], heap[child])) child++;
                Node c = heap[child];
                if (!before(c, n)) break;
                heap[i] = c;
                c.leafAt = i;
                i = child;
            }
            heap[i] = n;
            n.leafAt = i;
        }
    }

    private final EngineConfig config;
    private final int blockSize;
    private final Long2ObjectOpenHashMap<Node> cached = new Long2ObjectOpenHashMap<>();
    /** Cached blocks referenced by no request and with no cached child: the eviction candidates, LRU first. */
    private final Leaves leaves = new Leaves();
    private final Long2ObjectOpenHashMap<Holding> holdings = new Long2ObjectOpenHashMap<>();
    private long ownedBlocks;
    private long created;

    CacheReplay(EngineConfig config) {
        this.config = config;
        this.blockSize = config.blockSize();
    }

    void arrive(Request r) {
        if (!holdings.containsKey(r.id())) holdings.put(r.id(), new Holding(r));
    }

    /** Blocks not free: those requests hold alone plus every cached block. */
    long usedBlocks() {
        return ownedBlocks + cached.size();
    }

    /**
     * The cached prefix, in tokens, an admission of live request {@code id} whose sequence is {@code sequenceLength}
     * long would get now: the longest run of cached full prompt blocks from block 0, less than the sequence.
     */
    int matchTokens(long id, int sequenceLength) {
        Holding h = holdings.get(id);
        return h == null ? 0 : match(h, sequenceLength) * blockSize;
    }

    /**
     * Chain hashes of a live request's first {@code blocks} full prompt blocks, at least (for in-batch prefix
     * comparisons); {@code blocks} must not exceed its full prompt blocks.
     */
    long[] chainHashes(long id, int blocks) {
        Holding h = holdings.get(id);
        if (blocks > 0) chain(h, blocks - 1);
        return h.chain;
    }

    /**
     * Applies step {@code f} (already applied to {@code Replay}; not rejected) in the engine's order: preemptions
     * release, admissions take their cached prefixes, prefetches take fresh blocks, slices in batch order take the
     * blocks they reach (evicting when none is free), cache the full prompt blocks they complete and, when they
     * finish their request, release it; offloaded requests release theirs last.
     */
    Applied apply(Replay.StepFacts f) {
        long step = f.step.index();
        for (Replay.PreemptFact p : f.preempts) {
            if (p.before() == Replay.Status.RUNNING && !p.twice()) {
                Holding h = holdings.get(p.requestId());
                releaseAll(h, step);
                h.computed = 0;
            }
        }
        List<Admission> admissions = new ArrayList<>();
        for (Replay.SliceFact sf : f.slices) {
            if (!sf.admitted()) continue;
            Holding h = holdings.get(sf.slice().requestId());
            int blocks = match(h, sf.sequenceLength());
            Node[] path = new Node[blocks];
            for (Node n = h.matchLast; n != null; n = n.parent) path[--blocks] = n;
            for (Node n : path) {
                take(n, step);
                h.nodes.add(n);
            }
            h.computed = path.length * blockSize;
            admissions.add(new Admission(h.request.id(), sf.hit(), h.computed));
        }
        int evicted = 0;
        for (Replay.MoveFact m : f.prefetches) {
            if (m.before() != Replay.Status.OFFLOADED || m.twice()) continue;
            Holding h = holdings.get(m.requestId());
            evicted += grow(h, blocksFor(h.computed));
        }
        for (Replay.SliceFact sf : f.slices) {
            if (sf.before() != Replay.Status.WAITING && sf.before() != Replay.Status.RUNNING) continue;
            if (sf.preempted() || sf.duplicate()) continue;
            Holding h = holdings.get(sf.slice().requestId());
            int end = Math.min(sf.slice().end(), sf.sequenceLength());
            evicted += grow(h, blocksFor(end));
            h.computed = end;
            if (config.prefixCaching()) cacheFullPromptBlocks(h, step);
            if (sf.finishes()) {
                releaseAll(h, step);
                holdings.remove(h.request.id());
            }
        }
        for (Replay.MoveFact m : f.offloads) {
            if (m.before() == Replay.Status.RUNNING && !m.twice()) {
                Holding h = holdings.get(m.requestId());
                int computed = h.computed;
                releaseAll(h, step);
                h.computed = computed;
            }
        }
        return new Applied(admissions, evicted);
    }

    private int blocksFor(int positions) {
        return (positions + blockSize - 1) / blockSize;
    }

    /** Longest cached prefix in blocks, at most {@code min(P / blockSize, (sequence - 1) / blockSize)}. */
    private int match(Holding h, int sequenceLength) {
        if (!config.prefixCaching()) return 0;
        int max = Math.min(h.request.promptLength() / blockSize, (sequenceLength - 1) / blockSize);
        int blocks = 0;
        Node last = null;
        if (h.matchLast != null && h.matchBlocks <= max && cached.get(h.matchLast.hash) == h.matchLast) {
            blocks = h.matchBlocks;
            last = h.matchLast;
        }
        while (blocks < max) {
            Node n = cached.get(chain(h, blocks));
            if (n == null || n.parent != last) break;
            last = n;
            blocks++;
        }
        h.matchLast = last;
        h.matchBlocks = blocks;
        return blocks;
    }

    /** Chain hash of full prompt block {@code k}, computing the chain further (doubling) when first needed. */
    private long chain(Holding h, int k) {
        if (k >= h.chain.length) {
            int full = h.request.promptLength() / blockSize;
            h.chain = h.request.prompt().blockChain(blockSize, Math.min(full, Math.max(k + 1, 2 * h.chain.length)));
        }
        return h.chain[k];
    }

    /** Gives the request blocks of its own until it holds {@code needed}, evicting the LRU leaf when none is free. */
    private int grow(Holding h, int needed) {
        int evicted = 0;
        while (h.nodes.size() + h.owned < needed) {
            if (usedBlocks() >= config.numBlocks() && evict()) evicted++;
            h.owned++;
            ownedBlocks++;
        }
        return evicted;
    }

    /** A full prompt block the request computed joins the equal cached block (freeing its copy) or becomes one. */
    private void cacheFullPromptBlocks(Holding h, long step) {
        int full = Math.min(h.computed, h.request.promptLength()) / blockSize;
        while (h.nodes.size() < full && h.owned > 0) {
            int k = h.nodes.size();
            long hash = chain(h, k);
            Node parent = k == 0 ? null : h.nodes.get(k - 1);
            Node existing = cached.get(hash);
            h.owned--;
            ownedBlocks--;
            if (existing != null) {
                take(existing, step);
                h.nodes.add(existing);
            } else {
                Node n = new Node(hash, parent, created++);
                n.refs = 1;
                n.lastUsed = step;
                if (parent != null && parent.children++ == 0 && parent.refs == 0) leaves.remove(parent);
                cached.put(hash, n);
                h.nodes.add(n);
            }
        }
    }

    private void take(Node n, long step) {
        if (n.refs == 0 && n.children == 0) leaves.remove(n);
        n.refs++;
        n.lastUsed = step;
    }

    private void releaseAll(Holding h, long step) {
        ownedBlocks -= h.owned;
        h.owned = 0;
        for (Node n : h.nodes) {
            n.lastUsed = step;
            if (--n.refs == 0 && n.children == 0) leaves.add(n);
        }
        h.nodes.clear();
    }

    /** Evicts the least recently used leaf (then the oldest); false when nothing is evictable. */
    private boolean evict() {
        Node n = leaves.pollFirst();
        if (n == null) return false;
        cached.remove(n.hash);
        Node p = n.parent;
        if (p != null && --p.children == 0 && p.refs == 0) leaves.add(p);
        return true;
    }
}
