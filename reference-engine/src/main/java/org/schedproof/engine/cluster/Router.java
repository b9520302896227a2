package org.schedproof.engine.cluster;

import java.util.List;
import java.util.Map;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;

/**
 * Which worker of a {@link Cluster} serves each request, decided once, when the request arrives at the cluster
 * (DESIGN.md section 4; D²LPM's global scheduler, ALGORITHMS.md 2.7). A router sees every worker as it is at that
 * instant; it must be deterministic (the same calls in the same order give the same
 * answers) and break ties by the lowest worker index unless its own rule says otherwise.
 */
public interface Router {
    /** The registry name, e.g. {@code round-robin}. */
    String name();

    /** Options resolved, for the cluster's summary (each worker's trace header records its own scheduler's). */
    default Map<String, String> parameters() {
        return Map.of();
    }

    /** The worker that gets {@code request}; {@code workers.get(i).index() == i}. */
    //@ requires request != null && !workers.isEmpty();
    //@ ensures 0 <= \result && \result < workers.size();
    int route(Request request, List<? extends WorkerView> workers);

    /** What a router may see of one worker between two of its iterations. */
    interface WorkerView {
        /** Position in the cluster, from 0. */
        int index();

        /** The worker's engine state: queues, running requests, free and evictable KV. Live and read-only. */
        EngineView engine();

        /**
         * The load: tokens the worker must still compute for the requests it holds, as if no prefix were cached:
         * over its waiting, running and offloaded requests, pending positions plus decodes still to come,
         * {@code sequenceLength - computed + maxNewTokens - generated - 1}.
         */
        //@ ensures \result >= 0;
        long outstandingTokens();

        /** Tokens of {@code request}'s prompt this worker's prefix cache holds now (whole blocks). */
        //@ ensures \result >= 0 && \result < request.promptLength() + request.maxNewTokens();
        int cachedPrefixTokens(Request request);
    }
}
