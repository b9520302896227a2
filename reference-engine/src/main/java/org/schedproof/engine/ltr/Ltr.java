package org.schedproof.engine.ltr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.predict.LengthPredictor;
import org.schedproof.engine.predict.Predictors;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.StepOutcome;

/**
 * Learning-to-rank shortest-job-first (Fu et al., NeurIPS'24, arXiv 2408.15792; hao-ai-lab/vllm-ltr
 * {@code vllm/core/scheduler.py}, schedule type {@code opt-...-starv<S>-period<P>}; ALGORITHMS.md 5.4). A standalone
 * scheduler with chunked prefill. Each iteration:
 * <ol>
 *   <li>starvation control ({@link StarvationControl}, option {@code starvation=on|off}, default off; threshold
 *       {@code S} = option {@code threshold}, default 200 iterations; quantum {@code P} = option {@code quantum},
 *       default 10 iterations);</li>
 *   <li>order waiting and running requests together by (promoted first, shorter predicted output first), ties by
 *       arrival time then request id; a request's prediction is asked once, at arrival, and never changes;</li>
 *   <li>walk that order giving each request its tokens (a decode 1, a prefill its remaining prompt chunked to the
 *       budget left) until the token budget is spent: the selection is the longest prefix of the order, among the
 *       requests that can run now, within the budget. A waiting request cannot run now when {@code maxRunning}
 *       requests already hold KV, or (by default, {@link Admission#FIT}) when the blocks of its whole sequence with
 *       its predicted output, capped at the engine's largest sequence, do not fit; one that starvation control promoted and does not fit holds back the unpromoted admissions behind
 *       it. A running request outside the selection is paused, keeping its KV;</li>
 *   <li>under KV pressure (the selection needs more blocks than free plus evictable less the watermark), preempt
 *       (recompute) paused running requests, lowest priority first; if blocks are still short, drop selected
 *       requests from the tail of the selection, preempting those that run.</li>
 * </ol>
 * The predictor is option {@code predictor} ({@link Predictors}; default {@code oracle-noise}) with its own options.
 *
 * <p><b>Witness</b> (spec/INVARIANTS.md, ORDER-LTR): {@code promoted}, the requests promoted at the step, and
 * {@code ltr.pred.ID}, request ID's prediction, once, in the first step after its arrival (a checker cannot
 * recompute a prediction; it recomputes everything else).
 */
public final class Ltr implements Scheduler {
    /**
     * Whether starvation control runs. Default off, as in vllm-ltr, which runs it only when the schedule string names
     * it ({@code starv200-period10} in its fairness runs, not its latency runs); README, "Learning to rank", measures
     * what it costs in mean latency.
     */
    public enum Starvation { ON, OFF }

    /**
     * What KV pressure from admissions may do (ALGORITHMS.md 5.4 step 5). vllm-ltr counts a waiting request's prompt
     * blocks in the need that swaps out paused requests ({@link #PREEMPT}); swapping keeps their work, but this engine
     * preempts by recompute, under which that thrashes (README, "Learning to rank"). {@link #FIT} (the default) admits
     * a waiting request only while the blocks of its sequence with its predicted output (at most the engine's largest
     * sequence, {@code numBlocks - watermarkBlocks} blocks) fit beside what the selection and the resident requests are
     * predicted to need, passing over one that does not (but admitting no unpromoted one
     * behind a promoted one that does not), and preempts paused requests only for the growth of selected ones.
     */
    public enum Admission { FIT, PREEMPT }

    public static final int DEFAULT_THRESHOLD = 200;
    public static final int DEFAULT_QUANTUM = 10;
    /** The witness key prefix of a request's prediction: {@code ltr.pred.ID}. */
    public static final String WITNESS_PREDICTION = "ltr.pred.";

    private final LengthPredictor predictor;
    private final Starvation starvation;
    private final Admission admission;
    private final int threshold;
    private final int quantum;
    private final Queue queue;
    private final Map<Long, Rank> ranks = new HashMap<>();
    private long promotedNow;
    /** Requests whose prediction no step's witness has shown yet, in arrival order. */
    private final List<Long> unannounced = new ArrayList<>();

    /**
     * Steps 1 and 2 of the class comment: the live requests, starvation control and this iteration's order. The
     * reference ({@link SortedQueue}) re-derives them from the engine's lists every iteration; gpu-engine's
     * IndexedLtr keeps them indexed and must give the same entries in the same order.
     */
    public interface Queue {
        /** A request arrived, not promoted; it waits. */
        void arrived(Rank rank);

        /** Step 2: starvation control over every live request (when on); returns how many are promoted. */
        int review(EngineView view);

        /** Whether starvation control has promoted the request. */
        boolean promoted(long id);

        /** This iteration's order: promoted requests first, then the others, each by rank. */
        Walk walk(EngineView view);

        /** The running requests of this iteration's order, last first (the order may give waiting ones too). */
        Iterator<Entry> runningBackwards(EngineView view);

        /** The iteration ran: starvation control's step 6 (when on) and the requests admitted or preempted. */
        void stepEnded(StepOutcome outcome);

        /** The request finished. */
        void finished(Rank rank);
    }

    /** The order of one iteration, entry by entry. */
    public interface Walk {
        /**
         * The next entry, or null at the end; {@code admit} says which waiting requests the caller may still admit
         * (it passes over the others), so a queue may leave them out.
         */
        Entry next(Admits admit);
    }

    /** Which waiting requests a walk may still admit: their set only narrows along one walk. */
    public enum Admits { ALL, PROMOTED, NONE }

    /** The reference queue: the order sorted again every iteration; starvation control per request per iteration. */
    public static Queue sortedQueue(Starvation starvation, int threshold, int quantum) {
        return new SortedQueue(starvation == Starvation.ON, threshold, quantum);
    }

    public Ltr(PolicyOptions options) {
        this(options, Ltr::sortedQueue);
    }

    /** LTR with its options, its order kept by the queue {@code queues} makes (for indexed variants). */
    public Ltr(PolicyOptions options, QueueFactory queues) {
        this(Predictors.create(options, Predictors.ORACLE_NOISE),
                options.enumValue("starvation", Starvation.class, Starvation.OFF),
                options.intValue("threshold", DEFAULT_THRESHOLD, 1, Integer.MAX_VALUE),
                options.intValue("quantum", DEFAULT_QUANTUM, 1, Integer.MAX_VALUE),
                options.enumValue("admission", Admission.class, Admission.FIT), queues);
    }

    //@ requires predictor != null && threshold >= 1 && quantum >= 1;
    public Ltr(LengthPredictor predictor, Starvation starvation, int threshold, int quantum, Admission admission) {
        this(predictor, starvation, threshold, quantum, admission, Ltr::sortedQueue);
    }

    /** Builds the queue of an LTR scheduler from its starvation options. */
    public interface QueueFactory {
        Queue create(Starvation starvation, int threshold, int quantum);
    }

    //@ requires predictor != null && threshold >= 1 && quantum >= 1;
    public Ltr(LengthPredictor predictor, Starvation starvation, int threshold, int quantum, Admission admission,
               QueueFactory queues) {
        this.predictor = predictor;
        this.starvation = starvation;
        this.admission = admission;
        this.threshold = threshold;
        this.quantum = quantum;
        this.queue = queues.create(starvation, threshold, quantum);
    }

    @Override
    public String name() {
        return "ltr";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("predictor", predictor.name());
        p.putAll(new TreeMap<>(predictor.parameters()));
        p.put("starvation", PolicyOptions.id(starvation));
        p.put("threshold", Integer.toString(threshold));
        p.put("quantum", Integer.toString(quantum));
        p.put("admission", PolicyOptions.id(admission));
        return p;
    }

    //@ ensures predictedLength(request.id()) >= 1;
    @Override
    public void onArrival(Request request, long nowUs) {
        Rank k = new Rank(predictor.predict(request), request.arrivalUs(), request.id());
        ranks.put(k.id(), k);
        queue.arrived(k);
        unannounced.add(request.id());
    }

    /** The prediction the order uses: asked once at arrival. */
    public int predictedLength(long requestId) {
        return ranks.get(requestId).predicted();
    }

    /** Whether starvation control has promoted the request (for tests and witnesses). */
    public boolean promoted(long requestId) {
        return queue.promoted(requestId);
    }

    /** A request's static place in the order: shorter predicted output first, then arrival time, then id. */
    public record Rank(int predicted, long arrivalUs, long id) implements Comparable<Rank> {
        @Override
        public int compareTo(Rank o) {
            int c = Integer.compare(predicted, o.predicted);
            if (c != 0) return c;
            c = Long.compare(arrivalUs, o.arrivalUs);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    /** A request of this iteration, as it is met in the order. */
    public record Entry(RequestView view, boolean running, boolean promoted) {}

    /** A selected request: its slice and the blocks that slice takes. */
    private record Pick(Entry entry, int start, int tokens, long blocks) {}

    //@ ensures \result.tokens() <= view.config().tokenBudget();
    //@ ensures \result.slices().size() <= view.config().maxRunning();
    @Override
    public Batch schedule(EngineView view) {
        promotedNow = queue.review(view);

        int budget = view.config().tokenBudget();
        int blockSize = view.config().blockSize();
        long room = (long) view.freeBlocks() + view.evictableBlocks() - view.config().watermarkBlocks();
        // Blocks the resident requests will still take if they generate what is predicted (at least one more token).
        long reserved = 0;
        for (RequestView r : view.running()) reserved += Math.max(0, expectedBlocks(view, r) - r.blocksHeld());
        List<Pick> picks = new ArrayList<>();
        Set<Long> selected = new HashSet<>();
        int tokens = 0;
        long need = 0;
        int resident = view.running().size();
        boolean admitting = true;
        Walk walk = queue.walk(view);
        for (Entry e; tokens < budget && (e = walk.next(resident >= view.config().maxRunning() ? Admits.NONE
                : admitting ? Admits.ALL : Admits.PROMOTED)) != null; ) {
            RequestView r = e.view;
            if (!e.running) {
                if (resident >= view.config().maxRunning() || !admitting && !e.promoted) continue;
                // Cheap test first: even the largest possible cache hit would not make it fit.
                long atBest = fitBlocks(view, r) - (r.sequenceLength() - 1) / blockSize;
                if (admission == Admission.FIT && need + atBest > room - reserved) {
                    if (e.promoted) admitting = false; // it holds back unpromoted admissions until it fits
                    continue;
                }
            }
            int start = e.running ? r.computed() : view.cachedPrefixTokens(r.id());
            int t = Math.min(r.sequenceLength() - start, budget - tokens);
            // A running request needs the blocks of this slice; a waiting one the blocks of its whole sequence.
            long blocks = e.running ? Math.max(0, view.blocksFor(start + t) - r.blocksHeld())
                    : view.blocksFor(r.sequenceLength()) - start / blockSize + view.cachedPrefixEvictableBlocks(r.id());
            if (!e.running) {
                long expected = fitBlocks(view, r) - start / blockSize + view.cachedPrefixEvictableBlocks(r.id());
                if (admission == Admission.FIT && need + expected > room - reserved) {
                    if (e.promoted) admitting = false;
                    continue;
                }
                reserved += expected - blocks;
                resident++;
            } else {
                reserved -= Math.min(blocks, Math.max(0, expectedBlocks(view, r) - r.blocksHeld()));
            }
            picks.add(new Pick(e, start, t, blocks));
            selected.add(r.id());
            tokens += t;
            need += blocks;
        }

        List<Long> preempted = new ArrayList<>();
        for (Iterator<Entry> it = queue.runningBackwards(view); it.hasNext() && need > room; ) {
            Entry e = it.next();
            if (!e.running || selected.contains(e.view.id())) continue;
            preempted.add(e.view.id());
            room += view.releasableBlocks(e.view.id());
        }
        while (!picks.isEmpty() && need > room) {
            Pick p = picks.remove(picks.size() - 1);
            need -= p.blocks;
            if (p.entry.running) {
                preempted.add(p.entry.view.id());
                room += view.releasableBlocks(p.entry.view.id());
            }
        }
        List<Slice> slices = new ArrayList<>(picks.size());
        for (Pick p : picks) slices.add(new Slice(p.entry.view.id(), p.start, p.tokens));
        return new Batch(preempted, slices);
    }

    /**
     * What the fit test reserves for a waiting request: its expected blocks, but never more than the engine's largest
     * sequence ({@code numBlocks - watermarkBlocks} blocks), which the engine guarantees its true sequence fits; so a
     * request predicted past the pool is admitted once the pool is empty, never passed over forever.
     */
    private long fitBlocks(EngineView view, RequestView r) {
        return Math.min(expectedBlocks(view, r), (long) view.config().numBlocks() - view.config().watermarkBlocks());
    }

    /** Blocks of the request's whole sequence once it has generated its prediction (at least one token more). */
    private long expectedBlocks(EngineView view, RequestView r) {
        int predictedOutput = Math.max(ranks.get(r.id()).predicted(), r.generated() + 1);
        return view.blocksFor((int) Math.min(Integer.MAX_VALUE - 1, (long) r.request().promptLength() + predictedOutput));
    }

    @Override
    public void onStepEnd(StepOutcome outcome) {
        queue.stepEnded(outcome);
        unannounced.clear(); // the witness of this step showed them
        for (long id : outcome.finished()) queue.finished(ranks.remove(id));
    }

    //@ ensures \result.get("promoted") == promotedNow;
    @Override
    public Map<String, Long> witness() {
        Map<String, Long> w = new HashMap<>();
        w.put("promoted", promotedNow);
        for (long id : unannounced) w.put(WITNESS_PREDICTION + id, (long) ranks.get(id).predicted());
        return w;
    }
}
