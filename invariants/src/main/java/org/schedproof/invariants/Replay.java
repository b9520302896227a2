package org.schedproof.invariants;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.LongToIntFunction;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.PromptTokens;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent;

/**
 * The request states a trace implies, recomputed from its events alone: arrivals give each request's prompt and
 * max new tokens; a step's preemptions return running requests to waiting with nothing computed; its offloads move
 * running requests to host memory, keeping what they computed, and its prefetches make offloaded requests running
 * again (neither may have a slice in that step); a slice of a waiting request admits it with the step's hit (0
 * without one), then computes up to its end; a slice that reaches the end of the sequence emits a token, and the
 * request finishes with its max-new-tokens-th. Engine-reported fields (emitted, finished, kvUsedBlocks) are never
 * read: checkers compare them with this.
 *
 * <p>A rejected step changes nothing, but its batch is what the scheduler asked for, so its facts are computed as if it
 * ran and then undone: checkers judge the batch asked for. Its hits are not recorded (nothing was applied), so an
 * admission there is taken at the cached prefix it claims when that is plausible (whole blocks, fewer than the
 * sequence, prefix caching on), else at 0.
 *
 * <p>Memory: one entry per live request (finished ones leave only their id). A checker fed alone owns its replay;
 * {@link TraceCheck} applies one replay, with every option its checkers ask for, once per event for all of them
 * (an option adds facts and changes none: checkers only read it).
 */
final class Replay {
    private static final long[] NO_BLOCKS = new long[0];

    /** What a slice or a preemption met: its request's state before it. */
    enum Status { UNKNOWN, WAITING, RUNNING, OFFLOADED, FINISHED }

    /** One live request. */
    static final class Req {
        final long id;
        final int promptLength;
        final int maxNew;
        final Prompt prompt;
        boolean running;
        /** Its KV is in host memory (it is not running and keeps {@code computed}). */
        boolean offloaded;
        int computed;
        int generated;
        int preemptions;
        long preemptedAt = -1;
        long slicedAt = -1;
        /**
         * Identities of its KV blocks (only when KV is tracked): the first {@code fullBlocks} are held; the first
         * {@code named} are known (an identity depends on the request alone: kept when the blocks are released; a
         * block in a private tail is named only once another request reaches it).
         */
        long[] blocks = NO_BLOCKS;
        int fullBlocks;
        int named;
        /** The prompt segment where block {@code named} starts (naming walks the segments once). */
        int namingSegment;
        /**
         * Its held blocks {@code 0 .. mapped - 1} are counted in {@code sharedBlocks}; the rest, when it holds more,
         * are its alone: block {@code mapped} is its tail head (in {@code tailHeads}), the others no one can reach.
         */
        int mapped;

        Req(TraceEvent.Arrival a) {
            id = a.request().id();
            promptLength = a.request().promptLength();
            maxNew = a.request().maxNewTokens();
            prompt = a.request().prompt();
        }

        int sequenceLength() {
            return promptLength + generated;
        }

        int pending() {
            return sequenceLength() - computed;
        }

        /** Running, has emitted, and only its newest token lacks KV. */
        boolean isDecode() {
            return running && decodes(generated, pending());
        }

        /** A running request with these counts is in its decode phase: it has emitted, only its newest token lacks KV. */
        static boolean decodes(int generated, int pending) {
            return generated >= 1 && pending == 1;
        }
    }

    /** A request running at the start of a step, before its preemptions. */
    record RunningFact(long id, boolean decode, int computed, int pending, int generated) {}

    /** A preemption: its request's state when it was applied, and whether the same step preempted it already. */
    record PreemptFact(long requestId, Status before, boolean twice) {}

    /** An offload or a prefetch: its request's state when it was applied, and whether the step moved it already. */
    record MoveFact(long requestId, Status before, boolean twice) {}

    /**
     * A slice, with what it met: the request's status after the step's preemptions ({@code preempted}: by this
     * step), whether it was admitted by it, the hit it was admitted with, the position it had to start at, the
     * sequence length, whether it is a decode, whether it emitted and finished the request, and whether the request
     * already had a slice in this step. For an UNKNOWN or FINISHED request only {@code slice} and {@code before} mean
     * anything.
     */
    record SliceFact(Slice slice, Status before, boolean preempted, boolean admitted, int hit, int expectedStart,
                     int sequenceLength, boolean decode, boolean emits, boolean finishes, boolean duplicate) {}

    /**
     * The requests running at a step's start, in running order: {@link RunningFact}s held as two arrays (a step has
     * dozens and a trace hundreds of thousands of steps). The accessors read an entry without making its record.
     */
    static final class RunningAtStart extends AbstractList<RunningFact> implements RandomAccess {
        private final long[] ids;
        /** Per entry: computed, pending, generated. */
        private final int[] counts;
        private int size;

        RunningAtStart(int capacity) {
            ids = new long[capacity];
            counts = new int[3 * capacity];
        }

        void add(Req r) {
            ids[size] = r.id;
            counts[3 * size] = r.computed;
            counts[3 * size + 1] = r.pending();
            counts[3 * size + 2] = r.generated;
            size++;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public RunningFact get(int k) {
            Objects.checkIndex(k, size);
            return new RunningFact(id(k), decode(k), computed(k), pending(k), generated(k));
        }

        long id(int k) {
            return ids[k];
        }

        int computed(int k) {
            return counts[3 * k];
        }

        int pending(int k) {
            return counts[3 * k + 1];
        }

        int generated(int k) {
            return counts[3 * k + 2];
        }

        /** {@link Req#isDecode} (every entry is running). */
        boolean decode(int k) {
            return Req.decodes(generated(k), pending(k));
        }
    }

    /** What a step met. For a rejected step only {@code runningAtStart} and the counts are filled. */
    static final class StepFacts {
        final TraceEvent.Step step;
        /** Running requests at the step's start (only when snapshots were asked for). */
        final RunningAtStart runningAtStart;
        int runningCountAtStart;
        int liveAtStart;
        List<PreemptFact> preempts = Collections.emptyList();
        final ArrayList<SliceFact> slices; // the class, not the interface: calls bind statically under the first JIT tier
        /** Hits listed for requests that no slice of the step admitted. */
        List<TraceEvent.Hit> unusedHits = Collections.emptyList();
        /** Hits listed twice for one request (the first is used). */
        List<TraceEvent.Hit> duplicateHits = Collections.emptyList();
        /** Requests admitted by the step. */
        int admitted;
        /** Valid preemptions (of running requests). */
        int preempted;
        List<MoveFact> offloads = Collections.emptyList();
        List<MoveFact> prefetches = Collections.emptyList();
        /** Valid offloads (of running requests) and prefetches (of offloaded ones). */
        int offloaded;
        int prefetched;
        /** Requests the slices say emitted / finished, in batch order (unboxed: a step emits for most of its slices). */
        final LongArrayList emits;
        final LongArrayList finished = new LongArrayList();
        /** Running requests after the step (as asked, for a rejected one) and the KV lower bound they hold. */
        int runningAfter;
        long kvBoundAfter;
        /** The KV lower bound once every slice has computed, before the finished requests release theirs. */
        long kvPeak;
        /**
         * Blocks the running requests not in decode phase still need for their whole sequence after the step (only
         * when KV is tracked):
         * {@code Σ blocksFor(sequence) - ceil(computed / blockSize)} (what a former reserves for ongoing prefills).
         */
        long reservedAfter;

        StepFacts(TraceEvent.Step step, int running) {
            this.step = step;
            runningAtStart = new RunningAtStart(running);
            slices = new ArrayList<>(step.slices().size());
            emits = new LongArrayList(step.slices().size());
        }

        /**
         * The requests running once the step's admissions are made, before its service (for a rejected step, as
         * asked): id to {computed, generated}; an admitted request's generated tokens are its sequence less its
         * prompt ({@code promptLength}, -1 when unknown: then 0).
         */
        Map<Long, int[]> runningAfterPass(LongToIntFunction promptLength) {
            Map<Long, int[]> out = new LinkedHashMap<>();
            Set<Long> preempted = new HashSet<>(step.preempted());
            for (RunningFact r : runningAtStart) {
                if (!preempted.contains(r.id())) out.put(r.id(), new int[] {r.computed(), r.generated()});
            }
            for (SliceFact sf : slices) {
                if (!sf.admitted() || sf.preempted()) continue;
                int prompt = promptLength.applyAsInt(sf.slice().requestId());
                out.put(sf.slice().requestId(), new int[] {sf.expectedStart(), prompt < 0 ? 0 : sf.sequenceLength() - prompt});
            }
            return out;
        }
    }

    private final boolean snapshots;
    private final boolean trackKv;
    private EngineConfig config;
    private final Long2ObjectOpenHashMap<Req> live = new Long2ObjectOpenHashMap<>();
    private final LongOpenHashSet finishedIds = new LongOpenHashSet();
    private final RunningOrder running = new RunningOrder();
    /**
     * The distinct full-block contents the running requests hold. Identities chain (equal identities have equal
     * predecessors), so once a request holds a block no other holds, no other holds any of its later blocks: each
     * request's blocks are counted, holders per identity, in {@code sharedBlocks} up to the first it holds alone (its
     * tail head, in {@code tailHeads}), and the rest only in {@code tailBlocks}. A request computing a tail head's
     * identity joins it (it moves to {@code sharedBlocks}, the owner's next block becomes its tail head), so a long
     * private prefill costs no hashing.
     */
    private final Long2IntOpenHashMap sharedBlocks = new Long2IntOpenHashMap();
    /**
     * A step's hits by request, when it lists hits; an admission takes its own out, so those left are unused. Reused
     * from step to step.
     */
    private final Long2IntOpenHashMap hitsOfStep = new Long2IntOpenHashMap();
    private final Long2ObjectOpenHashMap<Req> tailHeads = new Long2ObjectOpenHashMap<>();
    /** Blocks held past the requests' {@code mapped} (tail heads included). */
    private long tailBlocks;
    private int partialBlocks;

    /**
     * @param snapshots record the running requests at each step's start
     * @param trackKv   keep a lower bound on the KV blocks the running requests hold
     */
    Replay(boolean snapshots, boolean trackKv) {
        this.snapshots = snapshots;
        this.trackKv = trackKv;
    }

    /** Whether this replay records every fact {@code other} does (its options include the other's). */
    boolean covers(Replay other) {
        return (snapshots || !other.snapshots) && (trackKv || !other.trackKv);
    }

    /** A replay with the options of both (for sharing it). */
    Replay union(Replay other) {
        return new Replay(snapshots || other.snapshots, trackKv || other.trackKv);
    }

    void header(TraceEvent.Header h) {
        config = h.engine();
    }

    /** Returns false when the id already arrived (the first arrival is kept). */
    boolean arrive(TraceEvent.Arrival a) {
        long id = a.request().id();
        if (live.containsKey(id) || finishedIds.contains(id)) return false;
        live.put(id, new Req(a));
        return true;
    }

    Req get(long id) {
        return live.get(id);
    }

    Status status(long id) {
        return status(id, live.get(id));
    }

    /** The status of request {@code id}, whose live entry is {@code r} (null when it has none). */
    private Status status(long id, Req r) {
        if (r == null) return finishedIds.contains(id) ? Status.FINISHED : Status.UNKNOWN;
        return r.running ? Status.RUNNING : r.offloaded ? Status.OFFLOADED : Status.WAITING;
    }

    /** Arrived requests that have not finished. */
    int liveCount() {
        return live.size();
    }

    Iterable<Req> live() {
        return live.values();
    }

    /**
     * A lower bound on the KV blocks the running requests hold: every fully computed block counts once per distinct
     * content (a block's content is named by the prompt segments up to its end and its index, so requests with a
     * common prompt prefix may share it), every partly computed block counts once per request. With prefix caching
     * off nothing is shared.
     */
    long kvLowerBound() {
        return sharedBlocks.size() + tailBlocks + partialBlocks;
    }

    StepFacts apply(TraceEvent.Step s) {
        StepFacts f = new StepFacts(s, snapshots ? running.size() : 0);
        f.runningCountAtStart = running.size();
        f.liveAtStart = live.size();
        if (snapshots) {
            for (int k = 0, n = running.inOrder(); k < n; k++) f.runningAtStart.add(running.at(k));
        }
        Undo undo = s.rejected() ? new Undo(running.ids()) : null;
        // most steps list no hits, move nothing and admit nothing: their sets are not built
        // the step's lists are indexed, not iterated: an iterator is an object even for an empty list
        List<TraceEvent.Hit> listedHits = s.hits();
        Long2IntOpenHashMap hits = listedHits.isEmpty() ? null : emptied(hitsOfStep);
        for (int k = 0; k < listedHits.size(); k++) {
            TraceEvent.Hit h = listedHits.get(k);
            if (hits.containsKey(h.requestId())) f.duplicateHits = plus(f.duplicateHits, h);
            else hits.put(h.requestId(), h.tokens());
        }
        for (int k = 0; k < s.preempted().size(); k++) {
            long id = s.preempted().get(k);
            Req r = live.get(id);
            if (undo != null && r != null) undo.save(r);
            Status before = status(id, r);
            boolean twice = r != null && r.preemptedAt == s.index();
            f.preempts = plus(f.preempts, new PreemptFact(id, before, twice));
            if (before != Status.RUNNING) continue;
            r.running = false;
            running.remove(id);
            setComputed(r, 0);
            r.preemptions++;
            r.preemptedAt = s.index();
            f.preempted++;
        }
        int moves = s.offloaded().size() + s.prefetched().size();
        LongOpenHashSet moved = moves == 0 ? null : new LongOpenHashSet(moves);
        for (int k = 0; k < s.offloaded().size(); k++) {
            long id = s.offloaded().get(k);
            Req r = live.get(id);
            if (undo != null && r != null) undo.save(r);
            Status before = status(id, r);
            boolean twice = !moved.add(id);
            f.offloads = plus(f.offloads, new MoveFact(id, before, twice));
            if (twice || before != Status.RUNNING) continue;
            r.running = false;
            r.offloaded = true;
            running.remove(id);
            int computed = r.computed;
            setComputed(r, 0);
            // Its KV left the GPU but still exists: it resumes from here when prefetched.
            r.computed = computed;
            f.offloaded++;
        }
        for (int k = 0; k < s.prefetched().size(); k++) {
            long id = s.prefetched().get(k);
            Req r = live.get(id);
            if (undo != null && r != null) undo.save(r);
            Status before = status(id, r);
            boolean twice = !moved.add(id);
            f.prefetches = plus(f.prefetches, new MoveFact(id, before, twice));
            if (twice || before != Status.OFFLOADED) continue;
            r.offloaded = false;
            r.running = true;
            running.add(id, r);
            int computed = r.computed;
            r.computed = 0;
            setComputed(r, computed);
            f.prefetched++;
        }
        List<Req> releasing = Collections.emptyList(); // iterated without an iterator object
        List<Slice> slices = s.slices();
        for (int k = 0, n = slices.size(); k < n; k++) {
            Slice sl = slices.get(k);
            long id = sl.requestId();
            Req r = live.get(id);
            Status before = moved != null && moved.contains(id) ? Status.OFFLOADED : status(id, r);
            if (r == null || before == Status.OFFLOADED) {
                f.slices.add(new SliceFact(sl, before, false, false, 0, -1, -1, false, false, false, false));
                continue;
            }
            if (undo != null) undo.save(r);
            boolean duplicate = r.slicedAt == s.index();
            r.slicedAt = s.index();
            boolean preempted = r.preemptedAt == s.index();
            boolean admitted = !r.running;
            int hit = 0;
            if (admitted) {
                int listed = hits == null ? 0 : hits.remove(id);
                hit = undo != null ? claimedHit(r, sl) : listed;
                r.running = true;
                running.add(id, r);
                f.admitted++;
                setComputed(r, Math.max(0, Math.min(hit, r.sequenceLength())));
            }
            int expected = r.computed;
            int seq = r.sequenceLength();
            boolean decode = !admitted && r.generated >= 1 && r.pending() == 1 && sl.length() == 1
                    && sl.start() == r.computed;
            boolean emits = sl.end() >= seq;
            setComputed(r, Math.min(sl.end(), seq));
            boolean finishes = false;
            if (emits) {
                r.generated++;
                f.emits.add(id);
                if (r.generated >= r.maxNew) {
                    finishes = true;
                    f.finished.add(id);
                    r.running = false;
                    running.remove(id);
                    if (releasing.isEmpty()) releasing = new ArrayList<>();
                    releasing.add(r);
                    live.remove(id);
                    finishedIds.add(id);
                }
            }
            f.slices.add(new SliceFact(sl, before, preempted, admitted, hit, expected, seq, decode, emits, finishes,
                    duplicate));
        }
        for (int k = 0; k < listedHits.size(); k++) {
            TraceEvent.Hit h = listedHits.get(k);
            if (hits.containsKey(h.requestId())) f.unusedHits = plus(f.unusedHits, h);
        }
        f.kvPeak = kvLowerBound();
        if (trackKv) {
            int bs = config.blockSize();
            for (int k = 0, n = running.inOrder(); k < n; k++) {
                Req r = running.at(k);
                if (!r.isDecode()) f.reservedAfter += ceilDiv(r.sequenceLength(), bs) - ceilDiv(r.computed, bs);
            }
        }
        for (Req r : releasing) setComputed(r, 0);
        f.runningAfter = running.size();
        f.kvBoundAfter = kvLowerBound();
        if (undo != null) undo.restore();
        return f;
    }

    /**
     * {@code list} with {@code item} added. A step's lists of preemptions, moves and odd hits start as the shared empty
     * list, which iterates without an iterator object: most steps have none, and every checker loops over them.
     */
    private static <T> List<T> plus(List<T> list, T item) {
        List<T> out = list.isEmpty() ? new ArrayList<>() : list;
        out.add(item);
        return out;
    }

    /** ceil(a / b) for {@code a >= 0, b > 0} in int arithmetic: the first JIT tier calls out for a long division. */
    static int ceilDiv(int a, int b) {
        int q = a / b;
        return q * b == a ? q : q + 1;
    }

    /** {@code m} emptied, and shrunk if a step with many hits grew it (emptying costs its capacity). */
    private static Long2IntOpenHashMap emptied(Long2IntOpenHashMap m) {
        m.clear();
        m.trim(64);
        return m;
    }

    /** The cached prefix an admission in a rejected step claims: its start, when that could be a hit. */
    private int claimedHit(Req r, Slice sl) {
        boolean plausible = config.prefixCaching() && sl.start() % config.blockSize() == 0
                && sl.start() < r.sequenceLength();
        return plausible ? sl.start() : 0;
    }

    /**
     * The running requests in running order (admission order), by id; and the same in an array, filled again when
     * read after a change: a step reads them in order twice and most steps admit, preempt and finish nothing (an
     * iterator over the map calls out twice per request under the first JIT tier).
     */
    private static final class RunningOrder {
        private final Long2ObjectLinkedOpenHashMap<Req> byId = new Long2ObjectLinkedOpenHashMap<>();
        private Req[] ordered = new Req[16];
        /** Entries of {@code ordered} that are current, -1 after a change. */
        private int current = -1;

        int size() {
            return byId.size();
        }

        /** Adds a request that is not running, last. */
        void add(long id, Req r) {
            byId.put(id, r);
            current = -1;
        }

        void remove(long id) {
            byId.remove(id);
            current = -1;
        }

        void clear() {
            byId.clear();
            current = -1;
        }

        Collection<Long> ids() {
            return byId.keySet();
        }

        /** The number of running requests, which {@link #at} then gives in running order. */
        int inOrder() {
            if (current < 0) {
                if (ordered.length < byId.size()) ordered = new Req[Math.max(2 * ordered.length, byId.size())];
                int n = 0;
                for (Req r : byId.values()) ordered[n++] = r;
                Arrays.fill(ordered, n, ordered.length, null); // no finished request kept reachable
                current = n;
            }
            return current;
        }

        Req at(int k) {
            return ordered[k];
        }
    }

    /** What a rejected step changed, to put back: the running order and each touched request's state. */
    private final class Undo {
        private final List<Long> runningOrder;
        private final Map<Req, int[]> saved = new LinkedHashMap<>();

        Undo(Collection<Long> runningIds) {
            runningOrder = new ArrayList<>(runningIds);
        }

        void save(Req r) {
            saved.putIfAbsent(r, new int[] {r.running ? 1 : 0, r.computed, r.generated, r.preemptions,
                    r.offloaded ? 1 : 0});
        }

        void restore() {
            for (Map.Entry<Req, int[]> e : saved.entrySet()) {
                Req r = e.getKey();
                int[] v = e.getValue();
                if (finishedIds.remove(r.id)) live.put(r.id, r);
                // KV blocks are tracked for every request but an offloaded one: release, then take back what it held
                if (r.offloaded) r.computed = 0;
                else setComputed(r, 0);
                r.running = v[0] == 1;
                r.generated = v[2];
                r.preemptions = v[3];
                r.offloaded = v[4] == 1;
                if (r.offloaded) r.computed = v[1];
                else setComputed(r, v[1]);
            }
            running.clear();
            for (long id : runningOrder) running.add(id, live.get(id));
        }
    }

    // ---- KV lower bound ----

    private void setComputed(Req r, int computed) {
        if (trackKv) {
            int bs = config.blockSize();
            if (r.computed % bs != 0) partialBlocks--;
            int full = computed / bs;
            while (r.fullBlocks > full) releaseBlock(r);
            while (r.fullBlocks < full) holdBlock(r);
            if (computed % bs != 0) partialBlocks++;
        }
        r.computed = computed;
    }

    /** The request holds its next block. */
    private void holdBlock(Req r) {
        int k = r.fullBlocks++;
        if (r.mapped < k) {
            tailBlocks++; // past its tail head: its alone
            return;
        }
        if (k >= r.named) nameBlocks(r, k + 1);
        long key = r.blocks[k];
        if (sharedBlocks.addTo(key, 1) > 0) {
            r.mapped++;
            return;
        }
        Req owner = tailHeads.remove(key);
        if (owner == null) {
            sharedBlocks.remove(key);
            tailHeads.put(key, r);
            tailBlocks++;
            return;
        }
        // it joins the owner's tail head, which both now hold: the owner's next block is its new tail head
        sharedBlocks.put(key, 2);
        r.mapped++;
        owner.mapped++;
        tailBlocks--;
        if (owner.mapped < owner.fullBlocks) {
            if (owner.mapped >= owner.named) nameBlocks(owner, owner.mapped + 1);
            tailHeads.put(owner.blocks[owner.mapped], owner);
        }
    }

    /** The request releases its last block. */
    private void releaseBlock(Req r) {
        int k = --r.fullBlocks;
        if (k >= r.mapped) {
            if (k == r.mapped) tailHeads.remove(r.blocks[k]);
            tailBlocks--;
            return;
        }
        long key = r.blocks[k];
        if (sharedBlocks.addTo(key, -1) == 1) sharedBlocks.remove(key);
        r.mapped = k;
    }

    /** Names blocks {@code named .. full - 1} of a request's sequence, each chained on the one before. */
    private void nameBlocks(Req r, int full) {
        if (full > r.blocks.length) r.blocks = Arrays.copyOf(r.blocks, Math.max(Math.max(4, full), 2 * r.blocks.length));
        for (; r.named < full; r.named++) r.blocks[r.named] = blockIdentity(r, r.named);
    }

    /**
     * The content of block {@code k} of a request's sequence ({@code k == r.named}), chained on block {@code k - 1}:
     * its index and the prompt segments up to its end (clipped to it), or, past the prompt, only the chain.
     */
    private long blockIdentity(Req r, int k) {
        long h = k == 0 ? 0x5DEECE66DL : r.blocks[k - 1];
        h = PromptTokens.mix64(h + k);
        if (!config.prefixCaching()) return PromptTokens.mix64(h ^ (r.id * 0x9E3779B97F4A7C15L + 1));
        int bs = config.blockSize();
        long from = (long) k * bs;
        long to = Math.min(from + bs, r.promptLength);
        if (from >= to) return PromptTokens.mix64(h ^ 0xA5A5A5A5L);
        int[] ends = r.prompt.ends();
        long[] keys = r.prompt.keys();
        int seg = r.namingSegment;
        while (seg < ends.length && ends[seg] <= from) seg++;
        r.namingSegment = seg;
        for (; seg < ends.length; seg++) {
            int segStart = seg == 0 ? 0 : ends[seg - 1];
            if (segStart >= to) break;
            h = PromptTokens.mix64(h ^ keys[seg]);
            h = PromptTokens.mix64(h + segStart * 0x100000001L + Math.min(ends[seg], to));
        }
        return h;
    }
}
