package org.schedproof.conformance.reproduce;

import java.util.List;
import java.util.Map;
import org.schedproof.spec.metrics.Summary;

/**
 * One run of one arm at one point (one trial of a capacity search).
 *
 * @param rate            the searched rate of a capacity trial, NaN otherwise
 * @param clientMeanE2eUs each client's mean end-to-end latency
 * @param tau             the predictor's Kendall tau-b on this run, NaN when it witnessed no predictions
 * @param arrivalSpanUs   first to last arrival of the workload
 * @param imbalance       a cluster's load imbalance (Cluster.Result), NaN for one engine
 * @param checked         the checkers' verdict on every trace of the run: "pass" or the failed invariant ids
 * @param traces          the trace files written, relative to the experiment's directory
 */
public record RunResult(String point, String arm, double rate, Summary summary, Map<String, Double> clientMeanE2eUs,
                        long schedulingDelayP50Us, double tau, long arrivalSpanUs, double imbalance, String checked, List<String> traces) {
    public RunResult {
        clientMeanE2eUs = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(clientMeanE2eUs));
        traces = List.copyOf(traces);
    }

    public static final String PASS = "pass";

    /** The checkers passed on every trace, every request completed and the engine recorded no violation. */
    public boolean clean() {
        return checked.equals(PASS) && summary.violations() == 0 && "done".equals(summary.endReason())
                && summary.requestsCompleted() == summary.requestsArrived();
    }
}
