package org.schedproof.engine.core;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;

/** Engine safety on the first 2,000 requests of every bundled real trace, FCFS with both batch formers. */
class RealTracesSafetyTest {
    static Stream<Arguments> traces() {
        String[] addresses = {
            "builtin:mooncake-conversation",
            "builtin:mooncake-synthetic",
            "builtin:azure-code",
            "builtin:azure-conv",
            "builtin:splitwise-conv",
            "builtin:sharegpt?qps=2&seed=1",
            "builtin:arxiv?qps=1&seed=1",
            "builtin:vtc",
        };
        return Stream.of(addresses).flatMap(a -> Stream.of("sarathi", "prefill-first").map(b -> Arguments.of(a, b)));
    }

    @ParameterizedTest(name = "{0} with fcfs/{1}")
    @MethodSource("traces")
    void everyRequestCompletesOnceWithinBudgetAndCapacity(String address, String batching) {
        Workload w = Workloads.load(address, 2_000);
        // the Mooncake traces hold requests longer than the A100 profile's KV (spec/COST.md)
        EngineConfig config = EngineConfig.profile(
                address.startsWith("builtin:mooncake") ? "h200-llama2-7b" : "a100-llama2-7b");
        if (batching.equals("prefill-first")) {
            config = config.withTokenBudget(Math.max(4096, w.longestSequence()));
        }
        SafetyCheck check = new SafetyCheck(config, batching.equals("sarathi"), w.name() + " " + batching);
        new Engine(config, Schedulers.create("fcfs", batching), check).run(w.requests(), w.name(), w.digest());
        check.assertConservation(w.requests());
    }
}
