package org.schedproof.engine.alise;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.predict.LengthPredictor;
import org.schedproof.engine.predict.RetrievalPredictor;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.Batch;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.StepOutcome;

/**
 * ALISE, speculative shortest-remaining-time-first with iteration-level preemption and priority-ordered KV swapping
 * (Zhao and Wang, arXiv 2410.23537; ALGORITHMS.md section 6, its reference procedure 6.3 and ambiguity 9; there is
 * no code release, so every choice the paper leaves open is an option here, with its default).
 *
 * <p><b>Priority.</b> Every live job (waiting, holding KV, or offloaded) has an estimated remaining time
 * {@link RemainingTime} from the engine's cost profile and its predicted output length (option {@code predictor}:
 * {@code retrieval}, {@link RetrievalPredictor}, or {@code oracle}, the true length). Jobs are ordered by it,
 * ascending; ties by arrival time, then request id. A job that has generated its predicted length is handled by
 * option {@code overrun}: {@code clamp} (default; ALGORITHMS.md 6.3 read literally, {@code max(n - g, 1)}) keeps
 * predicting one more token, so a job that outlives its prediction keeps a high priority and finishes, freeing its
 * KV; {@code double} doubles its prediction until it exceeds what it generated, so a long job taken for short loses
 * priority step by step (and stays paused, holding KV, while shorter ones pass).
 *
 * <p><b>Selection.</b> Each iteration the batch is the prefix of that order over the jobs that can run now (an
 * offloaded job waits for its prefetch), cut at the first job that does not fit: the token budget (the last job
 * may get a partial prefill chunk), {@code maxRunning}, and the KV blocks free and evictable above the watermark.
 * Running jobs not selected are paused and keep their KV; so a newly arrived shorter job takes the place of a
 * longer running one at the next iteration.
 *
 * <p><b>Memory.</b> When a job of the prefix lacks blocks or a running slot, paused jobs ranked after it give them
 * up, in descending estimated waiting time ({@link Ewt}: lowest priority first): each is offloaded to host memory
 * when it fits there at the host's {@code kvBits} (its blocks are freed after this iteration, so the job that
 * needed them runs from the next), otherwise preempted by recompute (freed now; option {@code swap=recompute} never
 * offloads). After the selection, offloaded jobs are prefetched, smallest EWT first, when their EWT is within
 * {@code prefetch-horizon-us} (or they are among the jobs that would run now) and their blocks fit in what the
 * batch left, making room the same way from paused jobs ranked after them; a prefetched job runs from the next
 * iteration on. As vLLM V1, a waiting job is not admitted in an iteration that preempts (the victims' cached blocks
 * it might pin are not yet evictable).
 *
 * <p><b>Witness</b> (spec/INVARIANTS.md, ORDER-ALISE): {@code alise.pred.ID}, job ID's predicted output length, in
 * the first step after its arrival and again in each step whose order revised it ({@code overrun=double}); the
 * remaining times a checker recomputes from the header's cost profile and these.
 */
public final class Alise implements Scheduler {
    /** What to predict for a job that has generated its predicted length. */
    public enum Overrun { DOUBLE, CLAMP }

    /** How a paused job gives up its blocks. */
    public enum Swap { OFFLOAD, RECOMPUTE }

    /** The output-length predictor. */
    public enum Predictor { RETRIEVAL, ORACLE }

    /** Whether completed jobs join the retrieval predictor's history. */
    public enum Learning { ONLINE, FROZEN }

    private final LengthPredictor predictor;
    private final RetrievalPredictor learner;
    private final Overrun overrun;
    private final Swap swap;
    private final long prefetchHorizonPs;
    private final WaitingOrder waitingOrder;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    /** Each live job's request and predicted output length, by id (looked up, never iterated). */
    private final Map<Long, Live> live = new HashMap<>();
    /** Predictions that are new or revised since the last step's witness showed them, by job id. */
    private final Map<Long, Long> unannounced = new HashMap<>();

    /** The witness key prefix of a job's prediction: {@code alise.pred.ID}. */
    public static final String WITNESS_PREDICTION = "alise.pred.";

    /** A live job: its request and its current predicted output length. */
    private static final class Live {
        final Request request;
        int predicted;

        Live(Request request, int predicted) {
            this.request = request;
            this.predicted = predicted;
        }
    }

    /**
     * Where an iteration's waiting jobs come from, in priority order (estimated remaining time, then arrival time,
     * then request id). The reference ({@link #SORTED}) estimates and sorts every waiting job each iteration;
     * gpu-engine's IndexedAlise keeps them indexed and must give the same jobs in the same order.
     */
    public interface WaitingOrder {
        /** The waiting requests of {@code v} in priority order, each with its estimate from {@code estimate}. */
        Iterator<Estimated> waiting(EngineView v, Estimator estimate);
    }

    /** A waiting request with its estimated remaining time. */
    public record Estimated(RequestView view, long remainingPs) {}

    /** The estimated remaining time of a live request with {@code computed} positions of KV (a waiting one: its hit). */
    public interface Estimator {
        long remainingPs(RequestView r, int computed);
    }

    /** The reference waiting order: every waiting job estimated and sorted, each iteration. */
    public static final WaitingOrder SORTED = (v, estimate) -> {
        List<Estimated> jobs = new ArrayList<>();
        for (RequestView r : v.waiting()) jobs.add(new Estimated(r, estimate.remainingPs(r, v.cachedPrefixTokens(r.id()))));
        jobs.sort(Comparator.comparingLong(Estimated::remainingPs)
                .thenComparing((a, b) -> Request.byArrival(a.view().request(), b.view().request())));
        return jobs.iterator();
    };

    /** ALISE with its options (see the class comment); an unknown value is an IllegalArgumentException. */
    public Alise(PolicyOptions o) {
        this(o, SORTED);
    }

    /** ALISE with its options, its waiting jobs ordered by {@code waitingOrder} (for indexed variants). */
    public Alise(PolicyOptions o, WaitingOrder waitingOrder) {
        this.waitingOrder = waitingOrder;
        Predictor p = o.enumValue("predictor", Predictor.class, Predictor.RETRIEVAL);
        overrun = o.enumValue("overrun", Overrun.class, Overrun.CLAMP);
        swap = o.enumValue("swap", Swap.class, Swap.OFFLOAD);
        prefetchHorizonPs = o.longValue("prefetch-horizon-us", 50_000, 0, Long.MAX_VALUE / 1_000_000) * 1_000_000;
        if (p == Predictor.ORACLE) {
            predictor = oracle();
            learner = null;
        } else {
            RetrievalPredictor r = new RetrievalPredictor(o.intValue("k", 16, 1, 1 << 20),
                    o.intValue("max-distance", 128, 0, RetrievalPredictor.FAR), o.intValue("fallback", 128, 1, 1 << 30));
            String history = o.string("history", "");
            int from = o.intValue("history-from", 0, 0, Integer.MAX_VALUE);
            if (!history.isEmpty()) {
                List<Request> rows = Workloads.load(history).requests();
                for (Request q : rows.subList(Math.min(from, rows.size()), rows.size())) {
                    r.observe(q.promptLength(), q.maxNewTokens());
                }
            }
            predictor = r;
            learner = o.enumValue("learning", Learning.class, Learning.ONLINE) == Learning.ONLINE ? r : null;
        }
        parameters.putAll(o.resolved());
    }

    /** ALISE over a given predictor, every other option at its default (for tests and comparisons). */
    public Alise(LengthPredictor predictor, Overrun overrun, Swap swap, long prefetchHorizonUs) {
        this.predictor = predictor;
        this.learner = null;
        this.overrun = overrun;
        this.swap = swap;
        this.prefetchHorizonPs = prefetchHorizonUs * 1_000_000;
        this.waitingOrder = SORTED;
        parameters.put("predictor", predictor.name());
        parameters.put("overrun", PolicyOptions.id(overrun));
        parameters.put("swap", PolicyOptions.id(swap));
        parameters.put("prefetch-horizon-us", Long.toString(prefetchHorizonUs));
    }

    /** The predictor that knows each request's output length (an upper bound on what prediction can give). */
    public static LengthPredictor oracle() {
        return new LengthPredictor() {
            @Override
            public String name() {
                return "oracle";
            }

            @Override
            public int predict(Request request) {
                return request.maxNewTokens();
            }
        };
    }

    @Override
    public String name() {
        return "alise";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>(parameters);
        for (Map.Entry<String, String> e : predictor.parameters().entrySet()) p.put("predictor." + e.getKey(), e.getValue());
        return p;
    }

    //@ requires request != null;
    //@ ensures predictedLength(request.id()) >= 1;
    @Override
    public void onArrival(Request request, long nowUs) {
        Live job = new Live(request, predictor.predict(request));
        live.put(request.id(), job);
        unannounced.put(request.id(), (long) job.predicted);
    }

    //@ requires outcome != null;
    @Override
    public void onStepEnd(StepOutcome outcome) {
        unannounced.clear(); // the witness of this step showed them
        for (long id : outcome.finished()) {
            Live done = live.remove(id);
            // A completed job's output length is known now: it joins the history (ALISE's growing vector database).
            if (learner != null && done != null) learner.observe(done.request.promptLength(), done.request.maxNewTokens());
        }
    }

    /** The current predicted output length of a live job (after any overrun revision). */
    //@ requires live.containsKey(id);
    //@ ensures \result >= 1;
    public int predictedLength(long id) {
        return live.get(id).predicted;
    }

    /** Tokens a job is predicted to still generate, revising an overrun prediction as {@code overrun} says. */
    //@ ensures \result >= 1;
    int remainingTokens(RequestView r) {
        Live p = live.get(r.id());
        int g = r.generated();
        if (overrun == Overrun.CLAMP) return Math.max(1, p.predicted - g);
        if (p.predicted > g) return p.predicted - g;
        while (p.predicted <= g) p.predicted = p.predicted > (1 << 29) ? Integer.MAX_VALUE : 2 * p.predicted;
        unannounced.put(r.id(), (long) p.predicted);
        return p.predicted - g;
    }

    /** One live job as this iteration sees it. */
    static final class Job {
        final RequestView view;
        final boolean waiting;
        final boolean offloaded;
        final long remainingPs;
        /** Its place in the order; -1 until the order is read that far. */
        int index;
        boolean selected;
        boolean gone;
        long ewtPs;

        Job(RequestView view, boolean waiting, long remainingPs, int index) {
            this.view = view;
            this.waiting = waiting;
            this.offloaded = view.offloaded();
            this.remainingPs = remainingPs;
            this.index = index;
        }

        boolean paused() {
            return !waiting && !offloaded && !selected && !gone;
        }
    }

    /** The priority order of jobs: estimated remaining time, then arrival time, then request id. */
    static final Comparator<Job> PRIORITY = Comparator.comparingLong((Job j) -> j.remainingPs)
            .thenComparing((a, b) -> Request.byArrival(a.view.request(), b.view.request()));

    /**
     * Jobs in priority order, read lazily: the running and offloaded jobs (few) sorted, merged with the waiting
     * order, so an iteration estimates no more waiting jobs than the waiting order needs.
     */
    final class Order extends AbstractList<Job> {
        /** The running jobs in priority order: the only ones {@link Plan#makeRoom} may take blocks from. */
        final List<Job> residents = new ArrayList<>();
        private final List<Job> held = new ArrayList<>();
        private final Iterator<Estimated> waiting;
        private final List<Job> read = new ArrayList<>();
        private final int size;
        private int nextHeld;
        private Job nextWaiting;

        Order(EngineView v) {
            for (RequestView r : v.running()) held.add(job(v, r, false, r.computed()));
            for (RequestView r : v.offloaded()) held.add(job(v, r, false, r.computed()));
            held.sort(PRIORITY);
            for (Job j : held) if (!j.offloaded) residents.add(j);
            waiting = waitingOrder.waiting(v, (r, computed) -> estimate(v, r, computed));
            size = held.size() + v.waiting().size();
        }

        @Override
        public Job get(int i) {
            while (read.size() <= i) {
                if (nextWaiting == null && waiting.hasNext()) {
                    Estimated e = waiting.next();
                    nextWaiting = new Job(e.view(), true, e.remainingPs(), -1);
                }
                boolean fromHeld = nextHeld < held.size()
                        && (nextWaiting == null || PRIORITY.compare(held.get(nextHeld), nextWaiting) < 0);
                Job j = fromHeld ? held.get(nextHeld++) : nextWaiting;
                if (!fromHeld) nextWaiting = null;
                j.index = read.size();
                read.add(j);
            }
            return read.get(i);
        }

        @Override
        public int size() {
            return size;
        }
    }

    private Job job(EngineView v, RequestView r, boolean waiting, int computed) {
        return new Job(r, waiting, estimate(v, r, computed), -1);
    }

    /** The picoseconds job r still needs alone with {@code computed} positions of KV ({@link RemainingTime}). */
    private long estimate(EngineView v, RequestView r, int computed) {
        EngineConfig c = v.config();
        return RemainingTime.ps(c.cost(), c.tokenBudget(), r.sequenceLength(), computed, r.generated(),
                remainingTokens(r));
    }

    @Override
    public Map<String, Long> witness() {
        Map<String, Long> w = new HashMap<>();
        for (Map.Entry<Long, Long> e : unannounced.entrySet()) w.put(WITNESS_PREDICTION + e.getKey(), e.getValue());
        return w;
    }

    @Override
    public Batch schedule(EngineView v) {
        Order order = new Order(v);
        Plan plan = new Plan(v, order);
        int blockedAt = plan.select();
        plan.prefetch(blockedAt, prefetchHorizonPs);
        return new Batch(plan.preempted, plan.offloaded, plan.prefetched, plan.slices);
    }

    /** The memory and budget bookkeeping of one iteration's decisions. */
    private final class Plan {
        final EngineView v;
        final Order order;
        final EngineConfig c;
        final List<Long> preempted = new ArrayList<>();
        final List<Long> offloaded = new ArrayList<>();
        final List<Long> prefetched = new ArrayList<>();
        final List<Slice> slices = new ArrayList<>();
        long avail;
        long hostFree;
        int resident;
        int tokens;
        /** Blocks that this iteration's offloads free after it. */
        long freedLater;

        Plan(EngineView v, Order order) {
            this.v = v;
            this.order = order;
            this.c = v.config();
            this.avail = (long) v.freeBlocks() + v.evictableBlocks() - c.watermarkBlocks();
            this.hostFree = v.hostFreeBlocks();
            this.resident = v.running().size();
        }

        /**
         * Selects the prefix; returns the index of the job that memory or the running cap stopped it at, or the
         * order's size when it ran to the end or out of budget.
         */
        int select() {
            for (Job j : order) {
                if (j.offloaded || j.gone) continue;
                RequestView r = j.view;
                int hit = j.waiting ? v.cachedPrefixTokens(r.id()) : r.computed();
                int len = Math.min(r.sequenceLength() - hit, c.tokenBudget() - tokens);
                if (len <= 0) return order.size();
                long need = j.waiting
                        ? v.blocksFor(hit + len) - hit / c.blockSize() + v.cachedPrefixEvictableBlocks(r.id())
                        : v.blocksFor(hit + len) - r.blocksHeld();
                int slot = j.waiting ? 1 : 0;
                // As vLLM V1: no admission once this iteration preempted (a victim's cached blocks are not yet free).
                if (j.waiting && !preempted.isEmpty()) return j.index;
                if (!makeRoom(j, need, slot) || (j.waiting && !preempted.isEmpty())) return j.index;
                j.selected = true;
                avail -= need;
                resident += slot;
                tokens += len;
                slices.add(new Slice(r.id(), hit, len));
            }
            return order.size();
        }

        /**
         * Frees blocks and a running slot for job {@code j} from paused jobs ranked after it, largest EWT (lowest
         * priority) first, until it fits now or after this iteration; true when it fits now.
         */
        boolean makeRoom(Job j, long need, int slot) {
            long freedNow = 0;
            // Only running jobs can be paused; one not read yet is ranked after every job read.
            for (int i = order.residents.size() - 1; i >= 0; i--) {
                Job victim = order.residents.get(i);
                if (victim.index != -1 && victim.index <= j.index) break;
                if (need <= avail + freedNow && resident + slot <= c.maxRunning()) break;
                if (need <= avail + freedNow + freedLater && resident + slot <= c.maxRunning()) break;
                if (!victim.paused()) continue;
                victim.gone = true;
                resident--;
                int fp = v.offloadBlocks(victim.view);
                if (swap == Swap.OFFLOAD && fp <= hostFree) {
                    hostFree -= fp;
                    freedLater += v.releasableBlocks(victim.view.id());
                    offloaded.add(victim.view.id());
                } else {
                    freedNow += v.releasableBlocks(victim.view.id());
                    preempted.add(victim.view.id());
                }
            }
            avail += freedNow;
            return need <= avail && resident + slot <= c.maxRunning();
        }

        /**
         * Prefetches offloaded jobs, smallest EWT first, that are due and ranked before {@code blockedAt}. EWT is
         * computed along the order as far as it can still matter: EWT never decreases along it, so the walk ends at
         * the first EWT past the horizon, or when no offloaded job is left.
         */
        void prefetch(int blockedAt, long horizonPs) {
            Ewt.Slots slots = new Ewt.Slots(Math.max(1, slices.size()));
            int offloadedLeft = v.offloaded().size();
            for (Job j : order) {
                if (j.index >= blockedAt || offloadedLeft == 0) return;
                j.ewtPs = slots.next(j.remainingPs);
                if (j.ewtPs > horizonPs) return; // so are all later EWTs: no later job is due or needed
                if (!j.offloaded) continue;
                offloadedLeft--;
                boolean needed = j.ewtPs == 0;
                if (!needed && j.ewtPs > horizonPs) return;
                long need = v.blocksFor(j.view.computed());
                // Waiting for room freed by this iteration's offloads would only move the problem: stop here.
                if (!makeRoom(j, need, 1)) return;
                avail -= need;
                resident++;
                prefetched.add(j.view.id());
            }
        }
    }
}
