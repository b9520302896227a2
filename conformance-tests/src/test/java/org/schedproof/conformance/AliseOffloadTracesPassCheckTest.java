package org.schedproof.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.invariants.CheckResult;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.trace.TraceEvent;

/**
 * ALISE with host memory (offloads, prefetches, quantized KV, recompute when the host is full) writes traces that
 * pass every independent checker, SAFE-OFFLOAD included: the reference-trace test runs it without host memory.
 */
class AliseOffloadTracesPassCheckTest {
    @ParameterizedTest(name = "host at {0} bits")
    @ValueSource(ints = {8, 16})
    void offloadingTracesPassEveryApplicableInvariant(int bits) {
        Workload w = Workloads.load("builtin:sharegpt?qps=1.5&seed=1", 300);
        // a 40 GB card's KV pool and a host pool small enough to fill, so that recompute happens too
        EngineConfig config = EngineConfig.profile("a100-llama2-7b").withBlocks(3_000, 16).withHost(600, bits);
        List<TraceEvent> events = new ArrayList<>();
        TraceEvent.End end = new Engine(config, Schedulers.create("alise", "sarathi", Map.of()), events::add)
                .run(w.requests(), w.name(), w.digest());
        assertThat(end.reason()).isEqualTo(TraceEvent.End.DONE);
        assertThat(end.violations()).isZero();
        long offloads = events.stream().filter(e -> e instanceof TraceEvent.Step s && !s.offloaded().isEmpty()).count();
        assertThat(offloads).as("steps that offload").isPositive();
        TraceCheck.Report report = TraceCheck.run(events);
        assertThat(report.passed()).as("%s", report).isTrue();
        assertThat(report.get("SAFE-OFFLOAD").status()).isEqualTo(CheckResult.Status.PASS);
    }
}
