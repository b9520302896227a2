package org.schedproof.spec.sched;

import java.util.Map;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Request;

/**
 * A scheduling policy: the engine tells it of arrivals and results and asks it for one batch per iteration.
 *
 * <p>A legal batch (the engine checks every clause and records a violation for each one broken):
 * <ul>
 *   <li>every preempted id is running; no request is both preempted and in a slice;</li>
 *   <li>every offloaded id is running, every prefetched id is offloaded ({@link EngineView#offloaded()}), and no
 *       request named in one of these lists is in another or in a slice (an offloaded request runs only in an
 *       iteration after its prefetch); the offloaded KV fits the free host blocks;</li>
 *   <li>no request has two slices; every slice's request is waiting or running (after the preemptions);</li>
 *   <li>a slice starts at the request's computed position (a waiting one: at {@link EngineView#cachedPrefixTokens})
 *       and covers at most its pending tokens;</li>
 *   <li>total tokens {@code <= max(tokenBudget, decode slices)}; running requests (after preemptions, offloads,
 *       admissions and prefetches) {@code <= maxRunning};</li>
 *   <li>the KV the slices and prefetches need fits in free plus evictable blocks (blocks an offload frees are free
 *       only after the iteration).</li>
 * </ul>
 * Implementations must be deterministic: the same calls in the same order give the same batches.
 */
public interface Scheduler {
    /** The registry name, e.g. {@code fcfs/sarathi}. */
    String name();

    /** Parameters recorded in the trace header. */
    default Map<String, String> parameters() {
        return Map.of();
    }

    /** A request became visible; called in arrival order before the iteration that first sees it. */
    //@ requires request != null;
    default void onArrival(Request request, long nowUs) {}

    /** The batch for the iteration described by {@code view}; an empty batch means "nothing to do now". */
    //@ requires view != null;
    //@ ensures \result != null && \result.isWellFormed();
    //@ ensures (\forall int i; 0 <= i && i < \result.preemptions().size();
    //@             (\exists int j; 0 <= j && j < view.running().size(); view.running().get(j).id() == \result.preemptions().get(i)));
    //@ ensures (\forall int i; 0 <= i && i < \result.offloads().size();
    //@             (\exists int j; 0 <= j && j < view.running().size(); view.running().get(j).id() == \result.offloads().get(i)));
    //@ ensures (\forall int i; 0 <= i && i < \result.prefetches().size();
    //@             (\exists int j; 0 <= j && j < view.offloaded().size(); view.offloaded().get(j).id() == \result.prefetches().get(i)));
    //@ ensures (\forall int i; 0 <= i && i < \result.slices().size(); view.isLegalSlice(\result.slices().get(i)));
    //@ ensures \result.tokens() <= Math.max(view.config().tokenBudget(), view.decodeSlices(\result));
    Batch schedule(EngineView view);

    /** The iteration ran: what the engine applied, what finished. */
    default void onStepEnd(StepOutcome outcome) {}

    /** Policy state written in the step as a witness (counters, deficits); checkers recompute, never trust it. */
    default Map<String, Long> witness() {
        return Map.of();
    }
}
