package org.schedproof.engine.policy;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.StepOutcome;

/**
 * An ordering (admission priority) policy: which waiting request a batch former tries next. Formers combine it with
 * their own rules (DESIGN.md section 4), so FCFS, VTC or LPM each work with stall-free, prefill-first and Orca
 * batching alike. Running requests keep the engine's admission order, so decode and preemption order is the
 * former's, not the policy's.
 */
public interface Ordering {
    String name();

    /**
     * Begins this iteration's admission pass over {@code view.waiting()}. The former calls {@link Pass#next()}, and
     * after admitting the request returned calls {@link Pass#admitted}; it stops at the first request it cannot
     * admit (head-of-line), so a policy that must skip a request (a client out of deficit) does so inside the pass.
     */
    //@ requires view != null;
    //@ ensures \result != null;
    Pass pass(EngineView view);

    /** Parameters recorded in the trace header (checkers read them to recompute the policy's state). */
    default Map<String, String> parameters() {
        return Map.of();
    }

    default void onArrival(Request request, long nowUs) {}

    default void onStepEnd(StepOutcome outcome) {}

    default Map<String, Long> witness() {
        return Map.of();
    }

    /** One admission pass: a lazily computed policy order that may react to each admission. */
    interface Pass {
        /** The next waiting request to try, or null when the pass is over. Never returns a request twice. */
        RequestView next();

        /**
         * The request last returned by {@link #next()} was admitted: a slice of {@code tokens} tokens after a cached
         * prefix of {@code hit} tokens.
         */
        //@ requires tokens > 0 && hit >= 0;
        default void admitted(RequestView request, int hit, int tokens) {}
    }

    /** A pass over a fixed order. */
    static Pass inOrder(List<? extends RequestView> order) {
        Iterator<? extends RequestView> it = order.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }

    /** A pass over {@code waiting} sorted by {@code order}, ties ending in the spec's (arrival, id) rule. */
    static Pass sorted(List<? extends RequestView> waiting, Comparator<RequestView> order) {
        List<RequestView> copy = new java.util.ArrayList<>(waiting);
        copy.sort(order.thenComparing(BY_ARRIVAL));
        return inOrder(copy);
    }

    /** The spec's final tie-break. */
    Comparator<RequestView> BY_ARRIVAL = (a, b) -> Request.byArrival(a.request(), b.request());
}
