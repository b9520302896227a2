package org.schedproof.engine.core;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.workload.SharedTraces;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;

/** Engine safety on the first 2,000 requests of every shared trace, FCFS with both batch formers. */
class SharedTracesSafetyTest {
    static Stream<Arguments> traces() {
        String[][] files = {
            {"mooncake", "mooncake_conversation_trace.jsonl", ""},
            {"mooncake", "mooncake_synthetic_trace.jsonl", ""},
            {"azure", "AzureLLMInferenceTrace_code.csv", ""},
            {"azure", "AzureLLMInferenceTrace_conv.csv", ""},
            {"vidur", "vidur_splitwise_conv.csv", ""},
            {"lengths", "sarathi_sharegpt_8k_filtered_stats_llama2_tokenizer.csv", "?qps=2&seed=1"},
            {"lengths", "vidur_arxiv_summarization_stats_llama2_tokenizer_filtered_v2.csv", "?qps=1&seed=1"},
            {"vtc", "vtc_real_trace_lmsys_arena_derived.csv", ""},
        };
        return Stream.of(files).flatMap(f -> Stream.of("sarathi", "prefill-first").map(b -> Arguments.of(f[0], f[1], f[2], b)));
    }

    @ParameterizedTest(name = "{0}:{1} with fcfs/{3}")
    @MethodSource("traces")
    void everyRequestCompletesOnceWithinBudgetAndCapacity(String format, String file, String options, String batching) {
        Workload w = Workloads.load(format + ":" + SharedTraces.file(file) + options, 2_000);
        // the Mooncake traces hold requests longer than the A100 profile's KV (spec/COST.md)
        EngineConfig config = EngineConfig.profile(format.equals("mooncake") ? "h200-llama2-7b" : "a100-llama2-7b");
        if (batching.equals("prefill-first")) {
            config = config.withTokenBudget(Math.max(4096, w.longestSequence()));
        }
        SafetyCheck check = new SafetyCheck(config, batching.equals("sarathi"), w.name() + " " + batching);
        new Engine(config, Schedulers.create("fcfs", batching), check).run(w.requests(), w.name(), w.digest());
        check.assertConservation(w.requests());
    }
}
