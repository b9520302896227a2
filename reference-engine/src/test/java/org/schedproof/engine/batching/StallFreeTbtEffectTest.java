package org.schedproof.engine.batching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.metrics.MetricsCollector;
import org.schedproof.spec.metrics.Summary;

/**
 * Sarathi-Serve's headline effect (OSDI'24 section 5): on ShareGPT lengths at the same load, stall-free batching has a
 * lower P99 time between tokens than vLLM's prefill-first, whose prefill-only iterations stall every running decode.
 */
class StallFreeTbtEffectTest {

    static Summary run(Workload w, EngineConfig config, String batching) {
        MetricsCollector m = new MetricsCollector();
        new Engine(config, Schedulers.create("fcfs", batching), m).run(w.requests(), w.name(), w.digest());
        return m.summary();
    }

    @Test
    void stallFreeHasLowerP99TbtThanPrefillFirstOnShareGptLengths() {
        Workload w = Workloads.load("builtin:sharegpt?qps=2&seed=1", 400);
        EngineConfig a100 = EngineConfig.profile("a100-llama2-7b");
        Summary stallFree = run(w, a100, "sarathi");
        Summary prefillFirst = run(w, a100.withTokenBudget(Math.max(4096, w.longestSequence())), "prefill-first");
        System.out.printf("ShareGPT lengths, 400 requests at 2 req/s, A100 / Llama-2-7B:%n"
                + "  sarathi (budget 512): TBT p50 %d us p99 %d us, TTFT p50 %d us%n"
                + "  prefill-first:        TBT p50 %d us p99 %d us, TTFT p50 %d us%n",
                stallFree.tbtUs().p50(), stallFree.tbtUs().p99(), stallFree.ttftUs().p50(),
                prefillFirst.tbtUs().p50(), prefillFirst.tbtUs().p99(), prefillFirst.ttftUs().p50());
        assertThat(stallFree.requestsCompleted()).isEqualTo(400);
        assertThat(prefillFirst.requestsCompleted()).isEqualTo(400);
        assertThat(stallFree.tbtUs().p99()).isLessThan(prefillFirst.tbtUs().p99() * 2 / 3);
    }
}
