package org.schedproof.invariants;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
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
 *
 * <p>Cached blocks are slots of parallel arrays (a slot freed by an eviction is reused), named by int, linked as the
 * tree of prefixes their chain hashes imply: a block is found among its parent's children (a block 0 in a map), so
 * caching and evicting one, which happens about as often per step as a prefill chunk spans blocks, costs no object
 * and no hashing. A chain hash names one prefix, so a hash is cached at most once, as the engine's map keeps it.
 */
final class CacheReplay {
    private static final int NONE = -1;

    /**
     * The cached full prompt blocks, slot by slot: a block is named by its chain hash ({@code Prompt.blockChain}),
     * which implies its prefix; its parent, first child and siblings (doubly linked); {@code created} (creation order,
     * unique: the LRU tie-break and a slot's identity across reuse, -1 once evicted); requests referencing it; cached
     * children; the last step that created, took or released it; its place in {@link #leaves} (-1 when it is not an
     * eviction candidate).
     */
    private long[] hash = new long[64];
    private int[] parent = new int[64];
    private int[] firstChild = new int[64];
    private int[] nextSibling = new int[64];
    private int[] prevSibling = new int[64];
    private long[] created = new long[64];
    private int[] refs = new int[64];
    private int[] children = new int[64];
    private long[] lastUsed = new long[64];
    private int[] leafAt = new int[64];
    /** Slots in use or freed so far, and the freed ones (reused first). */
    private int slots;
    private int[] freeSlots = new int[64];
    private int freeCount;

    /** What a live request holds: the cached blocks of its prompt prefix, then blocks of its own. */
    private static final class Holding {
        final Request request;
        /** The request's full prompt blocks and prompt length (read at every slice: kept here, one load away). */
        final int promptBlocks;
        final int promptLength;
        /**
         * The cached blocks held, {@code held} of them: from the pool once the request first holds one (a waiting
         * request holds none), sized for every full prompt block, the most a request holds.
         */
        int[] nodes = NO_NODES;
        int held;
        int owned;
        int computed;
        /** Chain hashes of the first {@code chained} full prompt blocks (computed as the request reaches them). */
        long[] chain = NO_CHAIN;
        int chained;
        /** Memo of the last match: its last block (with its creation order) and length (still cached: its whole path is). */
        int matchLast = NONE;
        long matchCreated;
        int matchBlocks;

        Holding(Request request, int blockSize) {
            this.request = request;
            this.promptLength = request.promptLength();
            this.promptBlocks = promptLength / blockSize;
        }
    }

    private static final int[] NO_NODES = new int[0];
    private static final long[] NO_CHAIN = new long[0];

    /** An admission: the hit the trace lists (0 without one) and the cached prefix the replay finds, in tokens. */
    record Admission(long requestId, int listed, int matched) {}

    /** What an applied step did to the cache. */
    record Applied(List<Admission> admissions, int evicted) {}

    /** LRU order: least recently used first, then the oldest (creation orders are distinct: a total order). */
    private static boolean before(long usedA, long createdA, long usedB, long createdB) {
        return usedA != usedB ? usedA < usedB : createdA < createdB;
    }

    /**
     * The eviction candidates in LRU order: one candidate aside ({@code front}) and the others in a binary min-heap,
     * each heap entry holding its block's order keys (a candidate's order never changes: it is taken out first) and
     * each block knowing its place (removal without a search). Evicting a leaf makes its parent a candidate that is
     * usually the next to go (used as late, created earlier): it waits aside and leaves without touching the heap.
     */
    private final class Leaves {
        private static final int FRONT = Integer.MAX_VALUE;
        private int front = NONE;
        /** The front's order keys, kept beside it (a poll compares them without reaching into the slot arrays). */
        private long frontUsed;
        private long frontMade;
        private int[] heap = new int[64];
        private long[] used = new long[64];
        private long[] made = new long[64];
        private int size;

        void add(int n) {
            if (front == NONE) {
                setFront(n);
                return;
            }
            if (before(lastUsed[n], created[n], frontUsed, frontMade)) {
                int f = front;
                setFront(n);
                n = f;
            }
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, 2 * size);
                used = Arrays.copyOf(used, 2 * size);
                made = Arrays.copyOf(made, 2 * size);
            }
            up(size++, n, lastUsed[n], created[n]);
        }

        void remove(int n) {
            int i = leafAt[n];
            if (i < 0) return;
            leafAt[n] = NONE;
            if (i == FRONT) {
                front = NONE;
                return;
            }
            int last = --size;
            if (i == last) return;
            int m = heap[last];
            long u = used[last];
            long c = made[last];
            if (i > 0 && before(u, c, used[(i - 1) >>> 1], made[(i - 1) >>> 1])) up(i, m, u, c);
            else down(i, m, u, c);
        }

        private void setFront(int n) {
            front = n;
            frontUsed = lastUsed[n];
            frontMade = created[n];
            leafAt[n] = FRONT;
        }

        /** The least recently used candidate, removed; NONE when there is none. */
        int pollFirst() {
            if (size == 0 || front != NONE && before(frontUsed, frontMade, used[0], made[0])) {
                int first = front;
                if (first != NONE) remove(first);
                return first;
            }
            int first = heap[0];
            remove(first);
            return first;
        }

        /** Places block {@code n} (keys {@code u}, {@code c}) at hole {@code i} or above it. */
        private void up(int i, int n, long u, long c) {
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (!before(u, c, used[p], made[p])) break;
                move(p, i);
                i = p;
            }
            set(i, n, u, c);
        }

        /** Places block {@code n} (keys {@code u}, {@code c}) at hole {@code i} or below it. */
        private void down(int i, int n, long u, long c) {
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && before(used[child + 1], made[child + 1], used[child], made[child])) child++;
                if (!before(used[child], made[child], u, c)) break;
                move(child, i);
                i = child;
            }
            set(i, n, u, c);
        }

        private void move(int from, int to) {
            heap[to] = heap[from];
            used[to] = used[from];
            made[to] = made[from];
            leafAt[heap[to]] = to;
        }

        private void set(int i, int n, long u, long c) {
            heap[i] = n;
            used[i] = u;
            made[i] = c;
            leafAt[n] = i;
        }
    }

    private final EngineConfig config;
    private final int blockSize;
    /** Chain hash to slot of every cached block 0 (the others hang from their parents). */
    private final Long2IntOpenHashMap roots = new Long2IntOpenHashMap();
    private long cachedCount;
    /** Cached blocks referenced by no request and with no cached child: the eviction candidates, LRU first. */
    private final Leaves leaves = new Leaves();
    private final Long2ObjectOpenHashMap<Holding> holdings = new Long2ObjectOpenHashMap<>();
    private final ArrayPool arrays = new ArrayPool();
    private long ownedBlocks;
    private long createdCount;

    CacheReplay(EngineConfig config) {
        this.config = config;
        this.blockSize = config.blockSize();
        roots.defaultReturnValue(NONE);
    }

    void arrive(Request r) {
        if (!holdings.containsKey(r.id())) holdings.put(r.id(), new Holding(r, blockSize));
    }

    /** Blocks not free: those requests hold alone plus every cached block. */
    long usedBlocks() {
        return ownedBlocks + cachedCount;
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
        List<Admission> admissions = Collections.emptyList(); // iterated without an iterator object
        for (int i = 0; i < f.slices.size(); i++) {
            Replay.SliceFact sf = f.slices.get(i);
            if (!sf.admitted()) continue;
            Holding h = holdings.get(sf.slice().requestId());
            int blocks = match(h, sf.sequenceLength());
            int from = h.held;
            for (int k = 0; k < blocks; k++) hold(h, NONE);
            int at = from + blocks;
            for (int n = h.matchLast; n != NONE; n = parent[n]) h.nodes[--at] = n;
            for (int k = from; k < from + blocks; k++) take(h.nodes[k], step);
            h.computed = blocks * blockSize;
            if (admissions.isEmpty()) admissions = new ArrayList<>();
            admissions.add(new Admission(h.request.id(), sf.hit(), h.computed));
        }
        int evicted = 0;
        for (Replay.MoveFact m : f.prefetches) {
            if (m.before() != Replay.Status.OFFLOADED || m.twice()) continue;
            Holding h = holdings.get(m.requestId());
            evicted += grow(h, blocksFor(h.computed));
        }
        for (int i = 0; i < f.slices.size(); i++) {
            Replay.SliceFact sf = f.slices.get(i);
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
                if (h.nodes != NO_NODES) arrays.give(h.nodes);
                if (h.chain != NO_CHAIN) arrays.give(h.chain);
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
        int max = Math.min(h.promptBlocks, (sequenceLength - 1) / blockSize);
        int blocks = 0;
        int last = NONE;
        if (h.matchLast != NONE && h.matchBlocks <= max && created[h.matchLast] == h.matchCreated) {
            blocks = h.matchBlocks;
            last = h.matchLast;
        }
        while (blocks < max) {
            int n = find(last, chain(h, blocks));
            if (n == NONE) break;
            last = n;
            blocks++;
        }
        h.matchLast = last;
        h.matchCreated = last == NONE ? 0 : created[last];
        h.matchBlocks = blocks;
        return blocks;
    }

    /** Chain hash of full prompt block {@code k}, continuing the chain (doubling its length) when first needed. */
    private long chain(Holding h, int k) {
        if (k >= h.chained) extendChain(h, Math.min(h.promptBlocks, Math.max(k + 1, 2 * h.chained)));
        return h.chain[k];
    }

    /** Chain hashes of every full prompt block (a computing request reaches them all: computed once). */
    private long[] wholeChain(Holding h) {
        if (h.chained < h.promptBlocks) extendChain(h, h.promptBlocks);
        return h.chain;
    }

    private void extendChain(Holding h, int blocks) {
        if (h.chain == NO_CHAIN) h.chain = arrays.longs(h.promptBlocks);
        h.request.prompt().continueChain(blockSize, h.chain, h.chained, blocks);
        h.chained = blocks;
    }

    /** Gives the request blocks of its own until it holds {@code needed}, evicting the LRU leaf when none is free. */
    private int grow(Holding h, int needed) {
        int evicted = 0;
        while (h.held + h.owned < needed) {
            if (usedBlocks() >= config.numBlocks() && evict()) evicted++;
            h.owned++;
            ownedBlocks++;
        }
        return evicted;
    }

    /** A full prompt block the request computed joins the equal cached block (freeing its copy) or becomes one. */
    private void cacheFullPromptBlocks(Holding h, long step) {
        int full = Math.min(h.computed, h.promptLength) / blockSize;
        if (h.held >= full || h.owned == 0) return;
        long[] chain = wholeChain(h);
        while (h.held < full && h.owned > 0) {
            int k = h.held;
            long key = chain[k];
            int p = k == 0 ? NONE : h.nodes[k - 1];
            int existing = find(p, key);
            h.owned--;
            ownedBlocks--;
            if (existing != NONE) {
                take(existing, step);
                hold(h, existing);
            } else {
                int n = newSlot(key, p, step);
                if (p != NONE && children[p]++ == 0 && refs[p] == 0) leaves.remove(p);
                hold(h, n);
            }
        }
    }

    /** The cached child of {@code p} (NONE: a block 0) with chain hash {@code key}, or NONE. */
    private int find(int p, long key) {
        if (p == NONE) return roots.get(key);
        for (int c = firstChild[p]; c != NONE; c = nextSibling[c]) {
            if (hash[c] == key) return c;
        }
        return NONE;
    }

    /** A new cached block with parent {@code p} (NONE: a block 0), referenced once, used at {@code step}. */
    private int newSlot(long key, int p, long step) {
        int n;
        if (freeCount > 0) {
            n = freeSlots[--freeCount];
        } else {
            n = slots++;
            if (n == hash.length) growSlots(2 * n);
        }
        hash[n] = key;
        parent[n] = p;
        created[n] = createdCount++;
        refs[n] = 1;
        children[n] = 0;
        lastUsed[n] = step;
        leafAt[n] = NONE;
        firstChild[n] = NONE;
        prevSibling[n] = NONE;
        if (p == NONE) {
            nextSibling[n] = NONE;
            roots.put(key, n);
        } else {
            nextSibling[n] = firstChild[p];
            if (firstChild[p] != NONE) prevSibling[firstChild[p]] = n;
            firstChild[p] = n;
        }
        cachedCount++;
        return n;
    }

    /** Room for {@code size} slots. */
    private void growSlots(int size) {
        hash = Arrays.copyOf(hash, size);
        parent = Arrays.copyOf(parent, size);
        firstChild = Arrays.copyOf(firstChild, size);
        nextSibling = Arrays.copyOf(nextSibling, size);
        prevSibling = Arrays.copyOf(prevSibling, size);
        created = Arrays.copyOf(created, size);
        refs = Arrays.copyOf(refs, size);
        children = Arrays.copyOf(children, size);
        lastUsed = Arrays.copyOf(lastUsed, size);
        leafAt = Arrays.copyOf(leafAt, size);
    }

    /** Adds cached block {@code node} to what the request holds, taking or growing its array from the pool. */
    private void hold(Holding h, int node) {
        if (h.held == h.nodes.length) {
            int[] more = arrays.ints(Math.max(h.promptBlocks, 2 * h.held));
            System.arraycopy(h.nodes, 0, more, 0, h.held);
            if (h.nodes != NO_NODES) arrays.give(h.nodes);
            h.nodes = more;
        }
        h.nodes[h.held++] = node;
    }

    private void take(int n, long step) {
        if (refs[n] == 0 && children[n] == 0) leaves.remove(n);
        refs[n]++;
        lastUsed[n] = step;
    }

    private void releaseAll(Holding h, long step) {
        ownedBlocks -= h.owned;
        h.owned = 0;
        for (int k = 0; k < h.held; k++) {
            int n = h.nodes[k];
            lastUsed[n] = step;
            if (--refs[n] == 0 && children[n] == 0) leaves.add(n);
        }
        h.held = 0;
    }

    /** Evicts the least recently used leaf (then the oldest); false when nothing is evictable. */
    private boolean evict() {
        int n = leaves.pollFirst();
        if (n == NONE) return false;
        int p = parent[n];
        if (p == NONE) {
            roots.remove(hash[n]);
        } else {
            int prev = prevSibling[n];
            int next = nextSibling[n];
            if (prev == NONE) firstChild[p] = next;
            else nextSibling[prev] = next;
            if (next != NONE) prevSibling[next] = prev;
        }
        created[n] = -1;
        cachedCount--;
        if (p != NONE && --children[p] == 0 && refs[p] == 0) leaves.add(p);
        if (freeCount == freeSlots.length) freeSlots = Arrays.copyOf(freeSlots, 2 * freeCount);
        freeSlots[freeCount++] = n;
        return true;
    }
}
