package org.schedproof.engine.policy;

import java.util.Comparator;
import java.util.Map;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.StepOutcome;

/**
 * An ordering (admission priority) policy: which request goes first. Batch formers combine it with their own
 * rules (DESIGN.md section 4), so FCFS, VTC or LPM each work with prefill-first and stall-free batching alike.
 */
public interface Ordering {
    String name();

    /** A total order: ties must end in the spec's (arrival time, request id) rule. */
    Comparator<RequestView> comparator();

    /** True when the order is the engine's own waiting order (arrival, id), so formers need not sort. */
    default boolean isArrivalOrder() {
        return false;
    }

    default Map<String, String> parameters() {
        return Map.of();
    }

    default void onArrival(Request request, long nowUs) {}

    default void onStepEnd(StepOutcome outcome) {}

    default Map<String, Long> witness() {
        return Map.of();
    }

    /** The spec's final tie-break. */
    Comparator<RequestView> BY_ARRIVAL = (a, b) -> Request.byArrival(a.request(), b.request());
}
