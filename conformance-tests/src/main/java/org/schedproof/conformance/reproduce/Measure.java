package org.schedproof.conformance.reproduce;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/** The scalar measures an experiment file may name (its {@code metric}, a capacity SLO), each with its direction. */
public enum Measure {
    TOKENS_PER_SECOND("tokens-per-second", true, r -> r.summary().tokensPerSecond()),
    REQUESTS_PER_SECOND("requests-per-second", true, r -> r.summary().requestsPerSecond()),
    E2E_MEAN("e2e-mean-us", false, r -> r.summary().e2eUs().mean()),
    E2E_P90("e2e-p90-us", false, r -> r.summary().e2eUs().p90()),
    TBT_P99("tbt-p99-us", false, r -> r.summary().tbtUs().p99()),
    TTFT_P50("ttft-p50-us", false, r -> r.summary().ttftUs().p50()),
    SCHEDULING_DELAY_P50("scheduling-delay-p50-us", false, RunResult::schedulingDelayP50Us),
    NORMALIZED_LATENCY_MEAN("normalized-latency-mean-us", false, r -> r.summary().meanNormalizedUs()),
    /** The run's span over its arrivals' span: 1 when the engine keeps up with the arrivals, more when a queue grows. */
    SPAN_OVER_ARRIVALS("span-over-arrivals", false,
            r -> r.arrivalSpanUs() == 0 ? 1 : (double) r.summary().durationUs() / r.arrivalSpanUs()),
    HIT_RATE("prefix-hit-rate", true, r -> r.summary().prefixHitRate()),
    WORST_CLIENT_E2E("worst-client-e2e-us", false,
            r -> r.clientMeanE2eUs().values().stream().mapToDouble(Double::doubleValue).max().orElse(0));

    /** The claim is about each client's latency: the ratio is the largest over clients (the papers' "up to"). */
    public static final String PER_CLIENT_E2E = "per-client-e2e";

    public final String id;
    public final boolean higherIsBetter;
    private final ToDoubleFunction<RunResult> value;

    Measure(String id, boolean higherIsBetter, ToDoubleFunction<RunResult> value) {
        this.id = id;
        this.higherIsBetter = higherIsBetter;
        this.value = value;
    }

    public double of(RunResult r) {
        return value.applyAsDouble(r);
    }

    /** How many times better {@code subject} is than {@code baseline} (above 1: better), in this measure's direction. */
    public double gain(double subject, double baseline) {
        return higherIsBetter ? subject / baseline : baseline / subject;
    }

    public static Measure of(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown measure '" + id + "'; known: "
                        + Arrays.stream(values()).map(m -> m.id).toList() + " or " + PER_CLIENT_E2E));
    }
}
