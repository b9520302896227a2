package org.schedproof.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.schedproof.engine.cluster.Cluster;
import org.schedproof.engine.cluster.Router;
import org.schedproof.engine.cluster.Routers;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.EngineConfig;

/** Every worker trace of a 4-worker cluster behind every router, on bundled real traces (first 400 requests), passes the checkers. */
class ClusterTracesPassCheckTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> runs() {
        String[] addresses = {"builtin:mooncake-conversation", "builtin:azure-conv"};
        List<Arguments> out = new ArrayList<>();
        for (Routers.Kind k : Routers.Kind.values()) {
            for (String a : addresses) out.add(Arguments.of(a, k.id));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} behind {1}")
    @MethodSource("runs")
    void everyWorkerTracePassesEveryApplicableInvariant(String address, String router) throws IOException {
        Workload w = Workloads.load(address, 400);
        EngineConfig config = EngineConfig.profile(address.startsWith("builtin:mooncake") ? "h200-llama2-7b" : "a100-llama2-7b");
        Router rt = Routers.create(router, Map.of());
        // D²LPM runs DLPM on its workers; the baselines run DLPM too, so that the router is the only difference.
        Cluster.Result r = new Cluster(config, 4, Routers.schedulers(rt, "dlpm", "sarathi", Map.of()), rt)
                .run(w.requests(), w.name(), w.digest(), tmp);
        assertThat(r.summary().requestsCompleted()).isEqualTo(w.size());
        for (Cluster.WorkerResult wr : r.workers()) {
            TraceCheck.Report report = TraceCheck.run(wr.trace());
            assertThat(report.passed()).as("%s behind %s, worker %d:%n%s", address, router, wr.index(), report).isTrue();
        }
    }
}
