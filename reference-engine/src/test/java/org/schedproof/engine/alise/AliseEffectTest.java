package org.schedproof.engine.alise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.metrics.MetricsCollector;
import org.schedproof.spec.metrics.Summary;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;

/**
 * ALISE's effects (arXiv 2410.23537, abstract and section 5): under load on ShareGPT lengths it has a lower mean
 * latency than FCFS, and offloading paused jobs (more of them with quantized KV) keeps their KV where recompute-only
 * preemption throws it away. The engine is the A100 / Llama-2-7B profile with the KV pool of a 40 GB card
 * (40 GiB x 0.9 - 13.5 GB of weights = 25.2 GB = 3,000 blocks of 8 MiB), the default budget of 512.
 */
class AliseEffectTest {
    static final EngineConfig A100_40GB = EngineConfig.profile("a100-llama2-7b").withBlocks(3_000, 16);

    /** One run's figures: the metrics, and the KV moved to and from host memory. */
    record Figures(Summary summary, long offloads, long prefetches) {
        long preemptions() {
            return summary.preemptions();
        }

        double meanMs() {
            return summary.e2eUs().mean() / 1000;
        }

        String line(String name) {
            return String.format("  %-40s mean e2e %7.1f s  p50 %6.1f s  p99 %6.1f s  TTFT p50 %6.2f s  recompute "
                    + "preemptions %4d  offloads %4d  prefetches %4d", name, meanMs() / 1000,
                    summary.e2eUs().p50() / 1e6, summary.e2eUs().p99() / 1e6, summary.ttftUs().p50() / 1e6,
                    preemptions(), offloads, prefetches);
        }
    }

    static Figures run(Workload w, EngineConfig config, Scheduler s) {
        MetricsCollector m = new MetricsCollector();
        long[] moves = new long[2];
        TraceEvent.End end = new Engine(config, s, e -> {
            m.accept(e);
            if (e instanceof TraceEvent.Step st) {
                moves[0] += st.offloaded().size();
                moves[1] += st.prefetched().size();
            }
        }).run(w.requests(), w.name(), w.digest());
        assertThat(end.violations()).isZero();
        assertThat(end.reason()).isEqualTo(TraceEvent.End.DONE);
        return new Figures(m.summary(), moves[0], moves[1]);
    }

    static Scheduler alise(String... options) {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i < options.length; i += 2) o.put(options[i], options[i + 1]);
        return Schedulers.create("alise", "sarathi", o);
    }

    @Test
    void aliseHasLowerMeanLatencyThanFcfsAndOffloadKeepsPausedJobsThatRecomputeLoses() {
        Workload w = Workloads.load("builtin:sharegpt?qps=1.5&seed=1", 600);
        // 3,000 host blocks: 24 GiB of pinned host memory, as much KV as the GPU holds at 16 bits, twice at 8
        int host = 3_000;
        Figures fcfs = run(w, A100_40GB, Schedulers.create("fcfs", "sarathi"));
        Figures offload8 = run(w, A100_40GB.withHost(host, 8), alise());
        Figures offload16 = run(w, A100_40GB.withHost(host, 16), alise());
        Figures recompute = run(w, A100_40GB.withHost(host, 8), alise("swap", "recompute"));
        System.out.printf("ShareGPT lengths, 600 requests at 1.5 req/s, A100 / Llama-2-7B with 3,000 KV blocks, "
                + "host %d blocks:%n%s%n%s%n%s%n%s%n", host, fcfs.line("fcfs/sarathi"),
                offload8.line("alise, offload at 8 bits (default)"), offload16.line("alise, offload at 16 bits"),
                recompute.line("alise, recompute only"));
        assertThat(offload8.meanMs()).isLessThan(fcfs.meanMs());
        assertThat(offload8.preemptions()).isLessThan(recompute.preemptions());
        assertThat(offload8.preemptions()).isLessThan(offload16.preemptions());
    }
}
