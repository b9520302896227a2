package org.schedproof.engine.core;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.schedproof.engine.model.ExactModel;
import org.schedproof.engine.model.KvStore;
import org.schedproof.spec.Batch;
import org.schedproof.spec.CostProfile;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.SchedulerFailure;
import org.schedproof.spec.sched.StepOutcome;
import org.schedproof.spec.trace.TraceEvent;

/**
 * The deterministic reference engine (DESIGN.md section 4). Each iteration: make arrived requests visible, ask the
 * scheduler for a batch, validate it (an illegal batch is recorded with its violations and not run), apply
 * preemptions, offloads to host memory and prefetches from it (the copies overlap the compute: offloaded blocks are
 * freed after the iteration, prefetched requests run from the next one), admit waiting requests with their prefix-cache hits, allocate KV (evicting LRU cached blocks when
 * needed), run the model on every slice, emit and finish, record the step, advance the virtual clock by the cost
 * model. A run is a pure function of (config, scheduler, requests).
 */
public final class Engine {
    /** For {@link #step}: no further arrival is known. */
    public static final long NO_ARRIVAL = Long.MAX_VALUE;

    /** The end reason of a run its caller ended while requests were still live. */
    public static final String INTERRUPTED = "interrupted";

    private final EngineConfig config;
    private final Scheduler scheduler;
    private final Consumer<TraceEvent> sink;
    private final ExactModel model;
    private final int blockSize;
    private final KvPool pool;
    private final PrefixCache cache = new PrefixCache();
    private final List<RequestState> waiting = new ArrayList<>();
    private final List<RequestState> running = new ArrayList<>();
    /** Requests whose KV is in host memory, in offload order. */
    private final List<RequestState> offloaded = new ArrayList<>();
    private long hostUsed;
    private final Long2ObjectOpenHashMap<RequestState> byId = new Long2ObjectOpenHashMap<>();
    private final View view = new View();
    private long now;
    private long step;
    private long cacheVersion;
    private long completed;
    private long violationCount;
    private int stalled;
    /** Why the run stopped early, or null while it may go on. */
    private String reason;

    public Engine(EngineConfig config, Scheduler scheduler, Consumer<TraceEvent> sink) {
        this.config = config;
        this.scheduler = scheduler;
        this.sink = sink;
        this.model = config.model().isOff() ? null : ExactModel.of(config.model());
        this.blockSize = config.blockSize();
        this.pool = new KvPool(config.numBlocks(), blockSize, model == null ? 0 : model.shape().kvBytesPerPosition());
    }

    /**
     * Runs the workload to the end and writes the whole trace to the sink, header first and end event last.
     * Request ids must be unique, and every request must fit the KV pool alone; otherwise nothing is run.
     */
    public TraceEvent.End run(List<Request> requests, String workloadName, String workloadDigest) {
        List<Request> order = new ArrayList<>(requests);
        order.sort(Request::byArrival);
        checkFits(config, order);
        sink.accept(header(workloadName, order.size(), workloadDigest));
        int next = 0;
        while (true) {
            while (next < order.size() && order.get(next).arrivalUs() <= now) arrive(order.get(next++));
            if (!hasWork()) {
                if (next == order.size()) break;
                arrive(order.get(next++));
                continue;
            }
            if (!step(next < order.size() ? order.get(next).arrivalUs() : NO_ARRIVAL)) break;
        }
        return end();
    }

    // ---- the run one event at a time, so that a cluster can interleave several engines on one clock ----

    /** The header line of this engine's trace for a workload of {@code requests} requests. */
    public TraceEvent.Header header(String workloadName, long requests, String workloadDigest) {
        return new TraceEvent.Header(TraceEvent.SCHEMA, config, scheduler.name(), scheduler.parameters(),
                workloadName, requests, workloadDigest);
    }

    /** The virtual clock: the start of the next iteration. */
    public long now() {
        return now;
    }

    /** Whether a request waits, runs or is offloaded, so the next iteration has something to do. */
    public boolean hasWork() {
        return !waiting.isEmpty() || !running.isEmpty() || !offloaded.isEmpty();
    }

    /** What the scheduler sees, live and read-only (a router may read it between iterations). */
    public EngineView view() {
        return view;
    }

    /**
     * Makes a request visible: its arrival line at the clock, after the clock moved to its arrival time if the
     * engine was idle. An engine with work has already run past every arrival handed to it.
     */
    //@ requires request.arrivalUs() <= now() || !hasWork();
    public void arrive(Request request) {
        if (request.arrivalUs() > now) {
            if (hasWork()) {
                throw new IllegalStateException("request " + request.id() + " arrives at " + request.arrivalUs()
                        + " us, after the clock of a busy engine (" + now + " us)");
            }
            now = request.arrivalUs();
        }
        RequestState st = new RequestState(request, model != null);
        byId.put(request.id(), st);
        insertWaiting(st);
        sink.accept(new TraceEvent.Arrival(now, request));
        scheduler.onArrival(request, now);
    }

    /**
     * Runs one iteration at the clock. If the scheduler asks for nothing while nothing runs and an arrival is due at
     * {@code nextArrivalUs}, no step is recorded and the clock moves to that arrival. Returns false when the run
     * must stop: the scheduler threw, or the engine recorded a liveness violation.
     */
    public boolean step(long nextArrivalUs) {
        Batch batch;
        List<Violation> violations = new ArrayList<>();
        String failure = "scheduler-error";
        try {
            batch = scheduler.schedule(view);
            if (batch == null) throw new IllegalStateException("schedule returned null");
        } catch (RuntimeException e) {
            violations.add(new Violation("SCHEDULER_ERROR", step, Violation.NO_REQUEST,
                    "the scheduler threw " + e));
            if (e instanceof SchedulerFailure f) failure = f.endReason();
            batch = Batch.EMPTY;
        }
        if (violations.isEmpty() && batch.isEmpty() && running.isEmpty() && offloaded.isEmpty()
                && nextArrivalUs != NO_ARRIVAL) {
            now = Math.max(now, nextArrivalUs);
            return true;
        }
        if (violations.isEmpty()) violations.addAll(validate(batch));
        boolean rejected = !violations.isEmpty();
        Applied applied = rejected ? rejectedStep() : apply(batch);
        stalled = applied.progress ? 0 : stalled + 1;
        boolean stop = violations.stream().anyMatch(v -> v.rule().equals("SCHEDULER_ERROR"));
        if (stalled >= config.maxStalledSteps()) {
            violations.add(new Violation("LIVENESS", step, Violation.NO_REQUEST, stalled
                    + " consecutive iterations without progress while " + waiting.size() + " requests wait and "
                    + running.size() + " run"));
            stop = true;
            reason = TraceEvent.End.STALLED;
        } else if (stop) {
            reason = failure;
        }
        long duration = applied.duration;
        sink.accept(new TraceEvent.Step(step, now, duration, batch.preemptions(), batch.offloads(),
                batch.prefetches(), batch.slices(), rejected, applied.hits, applied.evicted, applied.emitted, applied.finished, pool.numBlocks() - pool.freeCount(),
                violations, scheduler.witness()));
        violationCount += violations.size();
        long start = now;
        now += duration;
        for (long id : applied.finished) {
            RequestState st = byId.get(id);
            sink.accept(new TraceEvent.Completion(now, id, st.generated, st.preemptions));
            completed++;
        }
        List<Long> emittedIds = new ArrayList<>(applied.emitted.size());
        for (TraceEvent.Emit e : applied.emitted) emittedIds.add(e.requestId());
        scheduler.onStepEnd(new StepOutcome(step, start, duration, rejected ? List.of() : batch.slices(),
                rejected ? List.of() : batch.preemptions(), emittedIds, applied.finished, rejected));
        step++;
        return !stop;
    }

    /**
     * Writes and returns the end line: the reason the run stopped, else {@code done} when nothing is left, else
     * {@link #INTERRUPTED} (the caller ended it early, as a cluster does when another engine stops).
     */
    public TraceEvent.End end() {
        String why = reason != null ? reason : hasWork() ? INTERRUPTED : TraceEvent.End.DONE;
        TraceEvent.End end = new TraceEvent.End(why, now, step, completed, violationCount);
        sink.accept(end);
        return end;
    }

    /**
     * Tokens of {@code request}'s prompt that this engine's prefix cache would supply if it arrived now (as
     * {@link EngineView#cachedPrefixTokens} once it waits here).
     */
    public int prefixMatchTokens(Request request) {
        RequestState st = new RequestState(request, false);
        match(st);
        return st.matchBlocks * blockSize;
    }

    /** Ids must be unique and every request must fit the KV pool alone, or nothing can be run. */
    public static void checkFits(EngineConfig config, List<Request> requests) {
        // A sorted primitive copy tells whether any id repeats without boxing each one; only then are they tracked, so
        // that the first repeat in order is the one named.
        long[] sorted = new long[requests.size()];
        int n = 0;
        for (Request r : requests) sorted[n++] = r.id();
        Arrays.sort(sorted);
        Set<Long> ids = null;
        for (int i = 1; i < n && ids == null; i++) if (sorted[i] == sorted[i - 1]) ids = new HashSet<>();
        for (Request r : requests) {
            if (ids != null && !ids.add(r.id())) throw new IllegalArgumentException("duplicate request id " + r.id());
            long positions = (long) r.promptLength() + r.maxNewTokens();
            if (positions > config.maxSequence()) {
                throw new IllegalArgumentException("request " + r.id() + " needs " + positions + " KV positions but "
                        + "this engine serves at most " + config.maxSequence() + " per request (" + config.numBlocks()
                        + " blocks of " + config.blockSize() + " less a watermark of " + config.watermarkBlocks()
                        + "): it could never run; choose a larger --profile or more --blocks");
            }
        }
    }

    private void insertWaiting(RequestState st) {
        int i = Collections.binarySearch(waiting, st, (a, b) -> Request.byArrival(a.request, b.request));
        waiting.add(i < 0 ? -i - 1 : i, st);
    }

    private void removeWaiting(RequestState st) {
        int i = Collections.binarySearch(waiting, st, (a, b) -> Request.byArrival(a.request, b.request));
        waiting.remove(i);
    }

    // ---- prefix matching ----

    /**
     * Refreshes the request's memo of its longest cached prefix (whole blocks, less than its sequence). While the
     * memo's last node is still cached, so is its whole path (a node with children is never evicted), so only the
     * extension is looked up: a long waiting queue costs O(1) per request per step, not O(its blocks).
     */
    private void match(RequestState st) {
        if (st.matchVersion == cacheVersion) return;
        int blocks = 0;
        PrefixCache.Node last = null;
        if (config.prefixCaching()) {
            int max = Math.min(st.request.promptLength() / blockSize, (st.sequenceLength() - 1) / blockSize);
            // the memo's node must still be the one it memoized: evicted nodes are reused
            if (st.matchLast != null && st.matchLast.seq == st.matchSeq && st.matchBlocks <= max
                    && cache.get(st.matchLast.hash) == st.matchLast) {
                blocks = st.matchBlocks;
                last = st.matchLast;
            }
            while (blocks < max) {
                PrefixCache.Node n = cache.get(st.chainHash(blocks, blockSize));
                if (n == null || n.parent != last) break;
                last = n;
                blocks++;
            }
        }
        st.matchBlocks = blocks;
        st.matchLast = last;
        st.matchSeq = last == null ? -1 : last.seq;
        st.matchVersion = cacheVersion;
    }

    /** Of the matched blocks, those no request references (admitting the request takes them out of evictable). */
    private int matchEvictable(RequestState st) {
        match(st);
        int evictable = 0;
        for (PrefixCache.Node n = st.matchLast; n != null; n = n.parent) {
            if (n.refs == 0) evictable++;
        }
        return evictable;
    }

    private List<PrefixCache.Node> matchedNodes(RequestState st) {
        match(st);
        List<PrefixCache.Node> nodes = new ArrayList<>(st.matchBlocks);
        for (int k = 0; k < st.matchBlocks; k++) nodes.add(cache.get(st.chainHash(k, blockSize)));
        return nodes;
    }

    // ---- validation: pure, names every broken clause of the Scheduler contract ----

    private List<Violation> validate(Batch batch) {
        List<Violation> out = new ArrayList<>();
        int preempted = 0;
        long freeAfter = pool.freeCount();
        long evictableAfter = cache.evictable();
        // most batches preempt and admit nothing: the maps are made only when needed
        Map<PrefixCache.Node, Integer> released = batch.preemptions().isEmpty() ? Map.of() : new IdentityHashMap<>();
        for (long id : batch.preemptions()) {
            RequestState st = byId.get(id);
            if (st == null || st.status != RequestState.Status.RUNNING) {
                out.add(new Violation("PREEMPT_NOT_RUNNING", step, id, "preempted request " + id + " is "
                        + describe(id, st)));
                continue;
            }
            if (st.preemptedAt == step) {
                out.add(new Violation("PREEMPT_TWICE", step, id, "request " + id + " preempted twice in one batch"));
                continue;
            }
            st.preemptedAt = step;
            preempted++;
            freeAfter += st.ownedCount();
            for (PrefixCache.Node n : st.nodes) {
                int r = released.merge(n, 1, Integer::sum);
                if (n.refs - r == 0) evictableAfter++;
            }
        }
        // Offloaded blocks are freed only after the iteration (the copy overlaps it), so they add no capacity here.
        int offloads = 0;
        long hostNeed = 0;
        for (long id : batch.offloads()) {
            RequestState st = byId.get(id);
            if (st == null || st.status != RequestState.Status.RUNNING || st.preemptedAt == step) {
                out.add(new Violation("OFFLOAD_NOT_RUNNING", step, id, "offloaded request " + id + " is "
                        + (st != null && st.preemptedAt == step ? "preempted in this batch" : describe(id, st))));
                continue;
            }
            if (st.offloadedAt == step) {
                out.add(new Violation("OFFLOAD_TWICE", step, id, "request " + id + " offloaded twice in one batch"));
                continue;
            }
            st.offloadedAt = step;
            offloads++;
            hostNeed += config.host().footprint(view.blocksFor(st.computed));
        }
        if (hostUsed + hostNeed > config.host().blocks()) {
            out.add(new Violation("HOST_CAPACITY", step, Violation.NO_REQUEST, "offloads need " + hostNeed
                    + " host blocks but only " + (config.host().blocks() - hostUsed) + " of "
                    + config.host().blocks() + " are free"));
        }
        long needBlocks = 0;
        int prefetches = 0;
        for (long id : batch.prefetches()) {
            RequestState st = byId.get(id);
            if (st == null || st.status != RequestState.Status.OFFLOADED) {
                out.add(new Violation("PREFETCH_NOT_OFFLOADED", step, id, "prefetched request " + id + " is "
                        + describe(id, st) + ", not offloaded"));
                continue;
            }
            if (st.prefetchedAt == step) {
                out.add(new Violation("PREFETCH_TWICE", step, id, "request " + id + " prefetched twice in one batch"));
                continue;
            }
            st.prefetchedAt = step;
            prefetches++;
            needBlocks += view.blocksFor(st.computed);
        }
        Map<PrefixCache.Node, Boolean> pinned = null;
        long tokens = 0;
        long decodes = 0;
        int admitted = 0;
        for (Slice s : batch.slices()) {
            long id = s.requestId();
            RequestState st = byId.get(id);
            if (st == null || st.status == RequestState.Status.FINISHED) {
                out.add(new Violation(st == null ? "CAUSALITY" : "FINISHED_REQUEST", step, id,
                        "slice for request " + id + " which is " + describe(id, st)));
                continue;
            }
            if (st.preemptedAt == step) {
                out.add(new Violation("PREEMPTED_AND_SCHEDULED", step, id,
                        "request " + id + " is preempted and scheduled in the same batch"));
                continue;
            }
            if (st.offloadedAt == step || st.status == RequestState.Status.OFFLOADED) {
                out.add(new Violation("OFFLOADED_REQUEST", step, id, "slice for request " + id + " whose KV "
                        + (st.offloadedAt == step ? "this batch offloads" : st.prefetchedAt == step
                        ? "this batch prefetches (it may run from the next iteration)" : "is in host memory")));
                continue;
            }
            if (st.slicedAt == step) {
                out.add(new Violation("DUPLICATE_SLICE", step, id, "request " + id + " has two slices"));
                continue;
            }
            st.slicedAt = step;
            boolean isWaiting = st.status == RequestState.Status.WAITING;
            int computed = st.computed;
            int held = st.blocksHeld();
            if (isWaiting) {
                match(st);
                computed = st.matchBlocks * blockSize;
                held = st.matchBlocks;
                admitted++;
                if (pinned == null) pinned = new IdentityHashMap<>();
                for (PrefixCache.Node n : matchedNodes(st)) {
                    if (n.refs - released.getOrDefault(n, 0) == 0 && pinned.put(n, Boolean.TRUE) == null) {
                        evictableAfter--;
                    }
                }
            }
            int pending = st.sequenceLength() - computed;
            if (s.start() != computed) {
                out.add(new Violation("SLICE_START", step, id, "slice starts at " + s.start() + " but request " + id
                        + (isWaiting ? " would be admitted with " : " has ") + computed + " positions computed"));
                continue;
            }
            if (s.length() > pending) {
                out.add(new Violation("SLICE_OVERRUN", step, id, "slice of " + s.length() + " tokens but request "
                        + id + " has only " + pending + " to compute"));
                continue;
            }
            if (!isWaiting && st.isDecode()) decodes++;
            tokens += s.length();
            needBlocks += Math.max(0, view.blocksFor(s.end()) - held);
        }
        if (tokens > Math.max(config.tokenBudget(), decodes)) {
            out.add(new Violation("BUDGET", step, Violation.NO_REQUEST, "batch of " + tokens + " tokens ("
                    + decodes + " decodes) exceeds the budget of " + config.tokenBudget()));
        }
        long runningAfter = running.size() - preempted - offloads + admitted + prefetches;
        if (runningAfter > config.maxRunning()) {
            out.add(new Violation("MAX_RUNNING", step, Violation.NO_REQUEST, runningAfter
                    + " running requests after this batch exceed the cap of " + config.maxRunning()));
        }
        if (needBlocks > freeAfter + evictableAfter) {
            out.add(new Violation("KV_CAPACITY", step, Violation.NO_REQUEST, "batch needs " + needBlocks
                    + " new KV blocks but only " + freeAfter + " free and " + evictableAfter + " evictable"));
        }
        return out;
    }

    private String describe(long id, RequestState st) {
        if (st == null) return "unknown or not yet arrived at " + now + " us";
        return st.status.name().toLowerCase();
    }

    // ---- application: cannot fail once validated ----

    private record Applied(boolean progress, long duration, List<TraceEvent.Hit> hits, int evicted,
                           List<TraceEvent.Emit> emitted, List<Long> finished) {}

    private Applied rejectedStep() {
        return new Applied(false, config.cost().durationUs(0, 0, 0, 0), List.of(), 0, List.of(), List.of());
    }

    private Applied apply(Batch batch) {
        for (long id : batch.preemptions()) {
            RequestState st = byId.get(id);
            releaseAll(st);
            st.computed = 0;
            st.preemptions++;
            st.status = RequestState.Status.WAITING;
            running.remove(st);
            insertWaiting(st);
        }
        long movedBlocks = 0;
        List<RequestState> leaving = new ArrayList<>(batch.offloads().size());
        for (long id : batch.offloads()) {
            RequestState st = byId.get(id);
            st.hostBlocks = config.host().footprint(view.blocksFor(st.computed));
            hostUsed += st.hostBlocks;
            movedBlocks += st.hostBlocks;
            if (model != null) {
                st.hostKv = new byte[view.blocksFor(st.computed)][];
                for (int k = 0; k < st.hostKv.length; k++) st.hostKv[k] = pool.data(st.blockAt(k)).clone();
            }
            st.status = RequestState.Status.OFFLOADED;
            running.remove(st);
            offloaded.add(st);
            leaving.add(st);
        }
        int evicted = 0;
        List<TraceEvent.Hit> hits = new ArrayList<>();
        for (Slice s : batch.slices()) {
            RequestState st = byId.get(s.requestId());
            if (st.status != RequestState.Status.WAITING) continue;
            st.admittedAt = step;
            List<PrefixCache.Node> nodes = matchedNodes(st);
            for (PrefixCache.Node n : nodes) cache.acquire(n, step);
            cacheVersion++;
            st.nodes.addAll(nodes);
            st.computed = nodes.size() * blockSize;
            st.status = RequestState.Status.RUNNING;
            removeWaiting(st);
            running.add(st);
            if (!nodes.isEmpty()) hits.add(new TraceEvent.Hit(st.request.id(), st.computed));
        }
        // After the admissions have pinned their cached prefixes, so that the prefetches' evictions cannot take them.
        for (long id : batch.prefetches()) {
            RequestState st = byId.get(id);
            evicted += grow(st, view.blocksFor(st.computed));
            if (model != null) {
                for (int k = 0; k < st.hostKv.length; k++) {
                    System.arraycopy(st.hostKv[k], 0, pool.data(st.blockAt(k)), 0, st.hostKv[k].length);
                }
                st.hostKv = null;
            }
            hostUsed -= st.hostBlocks;
            movedBlocks += st.hostBlocks;
            st.hostBlocks = 0;
            st.status = RequestState.Status.RUNNING;
            offloaded.remove(st);
            running.add(st);
        }
        long prefillTokens = 0;
        long decodeTokens = 0;
        long decodeKv = 0;
        long prefillPairs = 0;
        List<TraceEvent.Emit> emitted = new ArrayList<>();
        List<Long> finished = new ArrayList<>();
        for (Slice s : batch.slices()) {
            RequestState st = byId.get(s.requestId());
            if (st.admittedAt != step && st.isDecode()) {
                decodeTokens++;
                decodeKv += s.start() + 1L;
            } else {
                prefillTokens += s.length();
                prefillPairs += CostProfile.causalPairs(s.start(), s.length());
            }
            evicted += grow(st, view.blocksFor(s.end()));
            int token = -1;
            boolean emits = s.end() == st.sequenceLength();
            if (model != null) {
                int[] logits = model.forward(st.tokens(s.start(), s.end()), s.start(), kvOf(st));
                if (emits) token = ExactModel.argmax(logits);
            }
            st.computed = s.end();
            if (config.prefixCaching()) promoteFullPromptBlocks(st);
            if (emits) {
                if (st.output != null) st.output[st.generated] = token;
                st.generated++;
                emitted.add(new TraceEvent.Emit(st.request.id(), token));
                if (st.generated == st.request.maxNewTokens()) {
                    releaseAll(st);
                    st.status = RequestState.Status.FINISHED;
                    st.dropCaches();
                    running.remove(st);
                    finished.add(st.request.id());
                }
            }
        }
        for (RequestState st : leaving) releaseAll(st);
        // Transfers run on the copy engine alongside the compute: the iteration lasts as long as the longer of the two.
        long transferUs = (movedBlocks * config.host().transferBlockPs() + 999_999) / 1_000_000;
        long duration = Math.max(config.cost().durationUs(prefillTokens, decodeTokens, decodeKv, prefillPairs),
                transferUs);
        return new Applied(!batch.slices().isEmpty(), duration, hits, evicted, emitted, finished);
    }

    /** Gives the request owned blocks until it holds {@code needed}, evicting LRU cached blocks when none is free. */
    private int grow(RequestState st, int needed) {
        int evicted = 0;
        while (st.blocksHeld() < needed) {
            if (pool.freeCount() == 0) {
                pool.release(cache.evict());
                cacheVersion++;
                evicted++;
            }
            st.addOwned(pool.allocate());
        }
        return evicted;
    }

    /** Full prompt blocks a request computed become shared cache nodes (or join an equal node already there). */
    private void promoteFullPromptBlocks(RequestState st) {
        int full = Math.min(st.computed, st.request.promptLength()) / blockSize;
        while (st.nodes.size() < full) {
            int k = st.nodes.size();
            long h = st.chainHash(k, blockSize);
            PrefixCache.Node parent = k == 0 ? null : st.nodes.get(k - 1);
            PrefixCache.Node existing = cache.get(h);
            int block = st.takeFirstOwned();
            if (existing != null && existing.parent == parent) {
                pool.release(block);
                cache.acquire(existing, step);
                st.nodes.add(existing);
            } else if (existing != null) {
                throw new IllegalStateException("chain hash collision at block " + k + " of request " + st.request.id());
            } else {
                st.nodes.add(cache.insert(h, parent, block, step));
            }
            cacheVersion++;
        }
    }

    private void releaseAll(RequestState st) {
        for (int i = 0; i < st.ownedCount(); i++) pool.release(st.ownedAt(i));
        st.clearOwned();
        for (int i = st.nodes.size() - 1; i >= 0; i--) cache.release(st.nodes.get(i), step);
        st.nodes.clear();
        cacheVersion++;
    }

    private KvStore kvOf(RequestState st) {
        int slot = model.shape().kvBytesPerPosition();
        return new KvStore() {
            @Override
            public byte[] array(int position) {
                return pool.data(st.blockAt(position / blockSize));
            }

            @Override
            public int offset(int position) {
                return (position % blockSize) * slot;
            }
        };
    }

    // ---- what the scheduler sees ----

    private final class View implements EngineView {
        private final List<RequestView> waitingView = Collections.unmodifiableList(waiting);
        private final List<RequestView> runningView = Collections.unmodifiableList(running);
        private final List<RequestView> offloadedView = Collections.unmodifiableList(offloaded);

        @Override
        public long nowUs() {
            return now;
        }

        @Override
        public long stepIndex() {
            return step;
        }

        @Override
        public EngineConfig config() {
            return config;
        }

        @Override
        public List<? extends RequestView> waiting() {
            return waitingView;
        }

        @Override
        public List<? extends RequestView> running() {
            return runningView;
        }

        @Override
        public List<? extends RequestView> offloaded() {
            return offloadedView;
        }

        @Override
        public int hostFreeBlocks() {
            return (int) (config.host().blocks() - hostUsed);
        }

        @Override
        public int freeBlocks() {
            return pool.freeCount();
        }

        @Override
        public int evictableBlocks() {
            return cache.evictable();
        }

        @Override
        public int cachedPrefixTokens(long requestId) {
            RequestState st = waitingState(requestId);
            match(st);
            return st.matchBlocks * blockSize;
        }

        @Override
        public int cachedPrefixEvictableBlocks(long requestId) {
            return matchEvictable(waitingState(requestId));
        }

        @Override
        public int releasableBlocks(long requestId) {
            RequestState st = byId.get(requestId);
            if (st == null || st.status != RequestState.Status.RUNNING) {
                throw new IllegalArgumentException("request " + requestId + " is not running");
            }
            int n = st.ownedCount();
            for (PrefixCache.Node node : st.nodes) if (node.refs == 1) n++;
            return n;
        }

        private RequestState waitingState(long id) {
            RequestState st = byId.get(id);
            if (st == null || st.status != RequestState.Status.WAITING) {
                throw new IllegalArgumentException("request " + id + " is not waiting");
            }
            return st;
        }
    }
}
