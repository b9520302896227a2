package org.schedproof.gpu.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.schedproof.engine.core.Engine;
import org.schedproof.gpu.cuda.CudaModel;
import org.schedproof.gpu.cuda.Shape;
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
 * The optimized engine: the reference engine's semantics (DESIGN.md section 4; reference-engine
 * {@code engine/core/Engine.java}), so that the same scheduler on the same requests writes a byte-identical trace,
 * with O(1) waiting-queue admission, a radix cache that keeps each waiting request's match current once an indexed
 * scheduler listens (and reports every change to it, {@link WaitingPrefixes}; without one a match is walked when
 * asked), LRU eviction from an indexed heap, stamps in place of per-step maps, and the model
 * run on a CUDA device (model on) one batch per iteration. Model off needs no device. A run is a pure function of
 * (config, scheduler, requests).
 */
public final class FastEngine {
    private final EngineConfig config;
    private final Scheduler scheduler;
    private final Consumer<TraceEvent> sink;
    private final CudaModel model;
    private final DeviceBatch device;
    private final int blockSize;
    private final BlockPool pool;
    private final RadixCache cache;
    private final WaitingQueue waiting = new WaitingQueue();
    private final List<Sequence> running = new ArrayList<>();
    private final List<Sequence> offloaded = new ArrayList<>();
    private long hostUsed;
    private SequenceTable byId = new SequenceTable(0);
    private final View view = new View();
    private long now;
    private long step;
    private long cacheVersion;
    private WaitingPrefixes.Listener listener;

    /** Model on needs a CUDA device (the model's weights are generated there); model off needs none. */
    public FastEngine(EngineConfig config, Scheduler scheduler, Consumer<TraceEvent> sink) {
        this.config = config;
        this.scheduler = scheduler;
        this.sink = sink;
        this.blockSize = config.blockSize();
        this.pool = new BlockPool(config.numBlocks());
        this.cache = new RadixCache(blockSize);
        if (config.model().isOff()) {
            model = null;
            device = null;
        } else {
            model = new CudaModel(Shape.named(config.model().shape()), config.model().seed(), config.numBlocks(),
                    blockSize);
            device = new DeviceBatch(model, config.numBlocks());
        }
    }

    /** Runs the workload and writes the whole trace, header first and end event last; frees the device after. */
    public TraceEvent.End run(List<Request> requests, String workloadName, String workloadDigest) {
        try {
            return loop(requests, workloadName, workloadDigest);
        } finally {
            if (model != null) model.close();
        }
    }

    private TraceEvent.End loop(List<Request> requests, String workloadName, String workloadDigest) {
        List<Request> order = new ArrayList<>(requests);
        order.sort(Request::byArrival);
        byId = new SequenceTable(order.size());
        Engine.checkFits(config, order); // the reference's own check of the input, with its messages
        sink.accept(new TraceEvent.Header(TraceEvent.SCHEMA, config, scheduler.name(), scheduler.parameters(),
                workloadName, order.size(), workloadDigest));
        int next = 0;
        long completed = 0;
        long violationCount = 0;
        int stalled = 0;
        String reason = TraceEvent.End.DONE;
        while (true) {
            while (next < order.size() && order.get(next).arrivalUs() <= now) arrive(order.get(next), next++);
            if (!hasWork()) {
                if (next == order.size()) break;
                now = order.get(next).arrivalUs();
                continue;
            }
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
                    && next < order.size()) {
                now = Math.max(now, order.get(next).arrivalUs());
                continue;
            }
            if (violations.isEmpty()) validate(batch, violations);
            boolean rejected = !violations.isEmpty();
            boolean stop = !violations.isEmpty() && violations.get(0).rule().equals("SCHEDULER_ERROR");
            Applied applied = rejected ? rejectedStep() : apply(batch);
            stalled = applied.progress ? 0 : stalled + 1;
            if (stalled >= config.maxStalledSteps()) {
                violations.add(new Violation("LIVENESS", step, Violation.NO_REQUEST, stalled
                        + " consecutive iterations without progress while " + waiting.size() + " requests wait and "
                        + running.size() + " run"));
                stop = true;
                reason = TraceEvent.End.STALLED;
            } else if (stop) {
                reason = failure;
            }
            sink.accept(new TraceEvent.Step(step, now, applied.duration, batch.preemptions(), batch.offloads(),
                    batch.prefetches(), batch.slices(), rejected, applied.hits, applied.evicted, applied.emitted, applied.finished,
                    pool.numBlocks() - pool.freeCount(), violations, scheduler.witness()));
            violationCount += violations.size();
            long start = now;
            now += applied.duration;
            for (Sequence st : applied.done) {
                sink.accept(new TraceEvent.Completion(now, st.id(), st.generated, st.preemptions));
                completed++;
            }
            scheduler.onStepEnd(new StepOutcome(step, start, applied.duration, rejected ? List.of() : batch.slices(),
                    rejected ? List.of() : batch.preemptions(), applied.emittedIds, applied.finished, rejected));
            step++;
            if (stop) break;
        }
        TraceEvent.End end = new TraceEvent.End(reason, now, step, completed, violationCount);
        sink.accept(end);
        return end;
    }

    private boolean hasWork() {
        return !waiting.isEmpty() || !running.isEmpty() || !offloaded.isEmpty();
    }

    /** {@code rank}: its place in arrival order. */
    private void arrive(Request r, int rank) {
        Sequence st = new Sequence(r, model != null);
        st.rank = rank;
        byId.put(st);
        sink.accept(new TraceEvent.Arrival(now, r));
        scheduler.onArrival(r, now); // before the listener hears of it, so the scheduler knows the request first
        enterWaiting(st);
    }

    // ---- prefix matching: the radix cache keeps each waiting request's match current, or walks it when asked ----

    /**
     * A request begins waiting (arrival or preemption): it hangs in the cache where its match ends. The match covers
     * full prompt blocks only and stays below the sequence length, so a hit always leaves a token to compute.
     */
    private void enterWaiting(Sequence st) {
        int max = config.prefixCaching()
                ? Math.min(st.promptLength / blockSize, (st.sequenceLength() - 1) / blockSize) : 0;
        cache.hang(st, max);
        if (max > 0) st.chainHash(0, blockSize); // hashed now, while the prompt was just read: at admission it is cold
        waiting.insert(st);
        if (listener != null) listener.entered(st, st.rank, st.matchBlocks * blockSize);
    }

    private void leaveWaiting(Sequence st) {
        cache.unhang(st);
        waiting.delete(st);
        if (listener != null) listener.left(st, st.rank);
    }

    /** Of a waiting request's matched blocks, those no request references: a memo valid while the cache is unchanged. */
    private int matchEvictable(Sequence st) {
        cache.match(st);
        if (st.evictableVersion != cacheVersion) {
            int evictable = 0;
            for (RadixCache.Node n = st.matchNode; n != null; n = n.parent) if (n.refs == 0) evictable++;
            st.matchEvictable = evictable;
            st.evictableVersion = cacheVersion;
        }
        return st.matchEvictable;
    }

    // ---- validation: names every broken clause of the Scheduler contract, in the reference's order ----

    private void validate(Batch batch, List<Violation> out) {
        int preempted = 0;
        long freeAfter = pool.freeCount();
        long evictableAfter = cache.evictable();
        for (long id : batch.preemptions()) {
            Sequence st = byId.get(id);
            if (st == null || st.status != Sequence.Status.RUNNING) {
                out.add(new Violation("PREEMPT_NOT_RUNNING", step, id, "preempted request " + id + " is "
                        + describe(st)));
                continue;
            }
            if (st.preemptedAt == step) {
                out.add(new Violation("PREEMPT_TWICE", step, id, "request " + id + " preempted twice in one batch"));
                continue;
            }
            st.preemptedAt = step;
            preempted++;
            freeAfter += st.ownedCount();
            for (int k = 0; k < st.nodeCount; k++) {
                RadixCache.Node n = st.nodes[k];
                n.released = n.releasedIn(step) + 1;
                n.releasedAt = step;
                if (n.refs - n.released == 0) evictableAfter++;
            }
        }
        // Offloaded blocks are freed only after the iteration (the copy overlaps it), so they add no capacity here.
        int offloads = 0;
        long hostNeed = 0;
        for (long id : batch.offloads()) {
            Sequence st = byId.get(id);
            if (st == null || st.status != Sequence.Status.RUNNING || st.preemptedAt == step) {
                out.add(new Violation("OFFLOAD_NOT_RUNNING", step, id, "offloaded request " + id + " is "
                        + (st != null && st.preemptedAt == step ? "preempted in this batch" : describe(st))));
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
            Sequence st = byId.get(id);
            if (st == null || st.status != Sequence.Status.OFFLOADED) {
                out.add(new Violation("PREFETCH_NOT_OFFLOADED", step, id, "prefetched request " + id + " is "
                        + describe(st) + ", not offloaded"));
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
        long tokens = 0;
        long decodes = 0;
        int admitted = 0;
        for (Slice s : batch.slices()) {
            long id = s.requestId();
            Sequence st = byId.get(id);
            if (st == null || st.status == Sequence.Status.FINISHED) {
                out.add(new Violation(st == null ? "CAUSALITY" : "FINISHED_REQUEST", step, id,
                        "slice for request " + id + " which is " + describe(st)));
                continue;
            }
            if (st.preemptedAt == step) {
                out.add(new Violation("PREEMPTED_AND_SCHEDULED", step, id,
                        "request " + id + " is preempted and scheduled in the same batch"));
                continue;
            }
            if (st.offloadedAt == step || st.status == Sequence.Status.OFFLOADED) {
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
            boolean isWaiting = st.status == Sequence.Status.WAITING;
            int computed = st.computed;
            int held = st.blocksHeld();
            if (isWaiting) {
                cache.match(st);
                computed = st.matchBlocks * blockSize;
                held = st.matchBlocks;
                admitted++;
                for (RadixCache.Node n = st.matchNode; n != null; n = n.parent) {
                    if (n.refs - n.releasedIn(step) == 0 && n.pinnedAt != step) {
                        n.pinnedAt = step;
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
    }

    private String describe(Sequence st) {
        if (st == null) return "unknown or not yet arrived at " + now + " us";
        return st.status.name().toLowerCase();
    }

    // ---- application: cannot fail once validated ----

    private record Applied(boolean progress, long duration, List<TraceEvent.Hit> hits, int evicted,
                           List<TraceEvent.Emit> emitted, List<Long> emittedIds, List<Long> finished,
                           List<Sequence> done) {}

    private Applied rejectedStep() {
        return new Applied(false, config.cost().durationUs(0, 0, 0, 0), List.of(), 0, List.of(), List.of(), List.of(),
                List.of());
    }

    private Applied apply(Batch batch) {
        for (long id : batch.preemptions()) {
            Sequence st = byId.get(id);
            releaseAll(st);
            st.computed = 0;
            st.preemptions++;
            st.status = Sequence.Status.WAITING;
            running.remove(st);
            enterWaiting(st);
        }
        long movedBlocks = 0;
        List<Sequence> leaving = new ArrayList<>(batch.offloads().size());
        for (long id : batch.offloads()) {
            Sequence st = byId.get(id);
            st.hostBlocks = config.host().footprint(view.blocksFor(st.computed));
            hostUsed += st.hostBlocks;
            movedBlocks += st.hostBlocks;
            if (model != null) {
                int[] table = st.blockTable();
                st.hostKv = new byte[view.blocksFor(st.computed)][];
                for (int k = 0; k < st.hostKv.length; k++) st.hostKv[k] = model.readBlock(table[k]);
            }
            st.status = Sequence.Status.OFFLOADED;
            running.remove(st);
            offloaded.add(st);
            leaving.add(st);
        }
        int evicted = 0;
        int sliceCount = batch.slices().size(); // a step's lists are sized once: 128 emits grew one 7 times
        List<TraceEvent.Hit> hits = new ArrayList<>(sliceCount);
        for (Slice s : batch.slices()) {
            Sequence st = byId.get(s.requestId());
            if (st.status != Sequence.Status.WAITING) continue;
            st.admittedAt = step;
            cache.match(st);
            int matched = st.matchBlocks;
            st.adoptMatch();
            for (int k = 0; k < matched; k++) cache.acquire(st.nodes[k], step);
            cacheVersion++;
            st.computed = matched * blockSize;
            st.status = Sequence.Status.RUNNING;
            leaveWaiting(st);
            running.add(st);
            if (matched > 0) hits.add(new TraceEvent.Hit(st.id(), st.computed));
        }
        // As the reference: after the admissions have pinned their cached prefixes, so that evictions cannot take them.
        for (long id : batch.prefetches()) {
            Sequence st = byId.get(id);
            evicted += grow(st, view.blocksFor(st.computed));
            if (model != null) {
                int[] table = st.blockTable();
                for (int k = 0; k < st.hostKv.length; k++) model.writeBlock(table[k], st.hostKv[k]);
                st.hostKv = null;
            }
            hostUsed -= st.hostBlocks;
            movedBlocks += st.hostBlocks;
            st.hostBlocks = 0;
            st.status = Sequence.Status.RUNNING;
            offloaded.remove(st);
            running.add(st);
        }
        long prefillTokens = 0;
        long decodeTokens = 0;
        long decodeKv = 0;
        long prefillPairs = 0;
        List<TraceEvent.Emit> emitted = new ArrayList<>(sliceCount);
        List<Long> emittedIds = new ArrayList<>(sliceCount);
        List<Long> finished = new ArrayList<>(sliceCount);
        List<Sequence> done = new ArrayList<>(sliceCount); // the finished requests themselves: no lookup by id after
        for (Slice s : batch.slices()) {
            Sequence st = byId.get(s.requestId());
            if (st.admittedAt != step && st.isDecode()) {
                decodeTokens++;
                decodeKv += s.start() + 1L;
            } else {
                prefillTokens += s.length();
                prefillPairs += CostProfile.causalPairs(s.start(), s.length());
            }
            evicted += grow(st, view.blocksFor(s.end()));
            boolean emits = s.end() == st.sequenceLength();
            if (device != null) {
                device.add(st.tokens(s.start(), s.end()), s.start(), st.blockTable(), emits
                        ? tokenSink(st, st.generated, emitted, emitted.size()) : null);
            }
            st.computed = s.end();
            if (config.prefixCaching()) promoteFullPromptBlocks(st);
            if (emits) {
                st.generated++;
                emitted.add(new TraceEvent.Emit(st.id(), -1));
                emittedIds.add(st.boxedId());
                if (st.generated == st.maxNewTokens) {
                    releaseAll(st);
                    st.status = Sequence.Status.FINISHED;
                    running.remove(st);
                    finished.add(st.boxedId());
                    done.add(st);
                }
            }
        }
        for (Sequence st : leaving) releaseAll(st);
        if (device != null) device.flush();
        for (Sequence st : done) st.dropCaches();
        // Transfers run on the copy engine alongside the compute: the iteration lasts as long as the longer of the two.
        long transferUs = (movedBlocks * config.host().transferBlockPs() + 999_999) / 1_000_000;
        long duration = Math.max(config.cost().durationUs(prefillTokens, decodeTokens, decodeKv, prefillPairs),
                transferUs);
        return new Applied(!batch.slices().isEmpty(), duration, hits, evicted, emitted, emittedIds, finished, done);
    }

    /** Gives the request owned blocks until it holds {@code needed}, evicting LRU cached blocks when none is free. */
    private int grow(Sequence st, int needed) {
        int evicted = 0;
        while (st.blocksHeld() < needed) {
            if (pool.freeCount() == 0) {
                pool.release(cache.evict());
                cacheVersion++;
                evicted++;
            }
            int block = pool.allocate();
            if (device != null) device.taking(block);
            st.addOwned(block);
        }
        return evicted;
    }

    /** Where a queued emitting slice's token goes: the request's output and its Emit in this step. */
    private static DeviceBatch.Sink tokenSink(Sequence st, int index, List<TraceEvent.Emit> emitted, int at) {
        return token -> {
            if (st.output != null) st.output[index] = token;
            emitted.set(at, new TraceEvent.Emit(st.id(), token));
        };
    }

    private void promoteFullPromptBlocks(Sequence st) {
        int full = Math.min(st.computed, st.promptLength) / blockSize;
        while (st.nodeCount < full) {
            int k = st.nodeCount;
            long h = st.chainHash(k, blockSize);
            RadixCache.Node parent = k == 0 ? null : st.nodes[k - 1];
            RadixCache.Node existing = cache.get(h);
            int block = st.takeFirstOwned();
            if (existing != null && existing.parent == parent) {
                pool.release(block);
                cache.acquire(existing, step);
                st.addNode(existing);
            } else if (existing != null) {
                throw new IllegalStateException("chain hash collision at block " + k + " of request " + st.id());
            } else {
                st.addNode(cache.insert(h, parent, block, step));
            }
            cacheVersion++;
        }
    }

    private void releaseAll(Sequence st) {
        for (int i = 0; i < st.ownedCount(); i++) pool.release(st.ownedAt(i));
        for (int k = st.nodeCount - 1; k >= 0; k--) cache.release(st.nodes[k], step);
        st.clearBlocks();
        cacheVersion++;
    }

    // ---- what the scheduler sees ----

    private final class View implements EngineView, WaitingPrefixes, WaitingById {
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
        public int blocksFor(int tokens) {
            return (tokens + blockSize - 1) / blockSize;
        }

        @Override
        public int cachedPrefixTokens(long requestId) {
            Sequence st = waitingState(requestId);
            cache.match(st);
            return st.matchBlocks * blockSize;
        }

        @Override
        public int cachedPrefixEvictableBlocks(long requestId) {
            return matchEvictable(waitingState(requestId));
        }

        @Override
        public void listen(Listener l) {
            if (listener != null) throw new IllegalStateException("this engine already reports to a listener");
            listener = l;
            cache.track(waiting);
            cache.onMove = st -> l.cachedChanged(st, st.rank, st.matchBlocks * blockSize);
            for (Sequence st : waiting) l.entered(st, st.rank, st.matchBlocks * blockSize);
        }

        @Override
        public int releasableBlocks(long requestId) {
            Sequence st = byId.get(requestId);
            if (st == null || st.status != Sequence.Status.RUNNING) {
                throw new IllegalArgumentException("request " + requestId + " is not running");
            }
            int n = st.ownedCount();
            for (int k = 0; k < st.nodeCount; k++) if (st.nodes[k].refs == 1) n++;
            return n;
        }

        @Override
        public RequestView waiting(long id) {
            return waitingState(id);
        }

        private Sequence waitingState(long id) {
            Sequence st = byId.get(id);
            if (st == null || st.status != Sequence.Status.WAITING) {
                throw new IllegalArgumentException("request " + id + " is not waiting");
            }
            return st;
        }
    }
}
