package org.schedproof.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.invariants.CheckResult;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.trace.TraceEvent;

/**
 * Every reference policy (under every batch former, or once when it forms its own batches) on every bundled real trace (first
 * 2,000 requests) runs to the end with no engine violation and passes the independent checkers.
 */
class ReferenceTracesPassCheckTest {
    static Stream<Arguments> runs() {
        String[] addresses = {
            "builtin:mooncake-conversation", "builtin:mooncake-synthetic",
            "builtin:azure-code", "builtin:azure-conv",
            "builtin:splitwise-conv",
            "builtin:sharegpt?qps=2&seed=1",
            "builtin:arxiv?qps=1&seed=1",
            "builtin:vtc",
        };
        List<Arguments> out = new ArrayList<>();
        for (Schedulers.Policy p : Schedulers.Policy.values()) {
            for (Schedulers.Batching b : Schedulers.Batching.values()) {
                if (p.standalone() && b != Schedulers.Batching.SARATHI) continue; // it forms its own batches
                for (String a : addresses) out.add(Arguments.of(a, p.id, b.id));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} with {1}/{2}")
    @MethodSource("runs")
    void passesEveryApplicableInvariant(String address, String policy, String batching) {
        Workload w = Workloads.load(address, 2_000);
        EngineConfig config = EngineConfig.profile(address.startsWith("builtin:mooncake") ? "h200-llama2-7b" : "a100-llama2-7b");
        config = config.withTokenBudget(Schedulers.Batching.of(batching).defaultBudget(w.longestSequence()));
        List<TraceEvent> events = new ArrayList<>();
        TraceEvent.End end = new Engine(config, Schedulers.create(policy, batching), events::add)
                .run(w.requests(), w.name(), w.digest());
        assertThat(end.reason()).as("%s %s/%s", address, policy, batching).isEqualTo(TraceEvent.End.DONE);
        assertThat(end.violations()).as("%s %s/%s engine violations", address, policy, batching).isZero();
        TraceCheck.Report report = TraceCheck.run(events);
        assertThat(report.passed()).as("%s %s/%s:%n%s", address, policy, batching, report).isTrue();
        assertThat(report.results()).filteredOn(r -> r.status() == CheckResult.Status.PASS).isNotEmpty();
    }
}
