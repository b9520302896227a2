package org.schedproof.engine.ltr;

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

/**
 * The learning-to-rank paper's effect (Fu et al., NeurIPS'24, section 5): under load, ranking by predicted output
 * length with a predictor of Kendall tau about 0.6 gives lower mean latency than FCFS, as shortest-job-first does.
 */
class LtrLatencyEffectTest {
    static Summary run(Workload w, Scheduler s) {
        MetricsCollector m = new MetricsCollector();
        new Engine(EngineConfig.profile("a100-llama2-7b"), s, m).run(w.requests(), w.name(), w.digest());
        return m.summary();
    }

    static String line(String name, Summary s) {
        return String.format(java.util.Locale.ROOT, "  %-20s mean latency %6.1f s, p50 %6.1f s, p99 %6.1f s, TTFT p50 %6.1f s,"
                + " %d preemptions, %d steps", name, s.e2eUs().mean() / 1e6, s.e2eUs().p50() / 1e6,
                s.e2eUs().p99() / 1e6, s.ttftUs().p50() / 1e6, s.preemptions(), s.steps());
    }

    @Test
    void ltrWithAnOracleAtTau06HasLowerMeanLatencyThanFcfsOnShareGptLengthsUnderLoad() {
        Workload w = Workloads.load("builtin:sharegpt?qps=3&seed=1", 400);
        Summary fcfs = run(w, Schedulers.create("fcfs", "sarathi"));
        Summary ltr = run(w, Schedulers.create("ltr", "sarathi", Map.of("predictor", "oracle-noise", "tau", "0.6")));
        Summary starvation = run(w, Schedulers.create("ltr", "sarathi", Map.of("tau", "0.6", "starvation", "on")));
        System.out.printf("ShareGPT lengths, 400 requests at 3 req/s, A100 / Llama-2-7B, budget 512:%n%s%n%s%n%s%n",
                line("fcfs/sarathi", fcfs), line("ltr, oracle tau 0.6", ltr),
                line("  starvation=on", starvation));
        assertThat(ltr.requestsCompleted()).isEqualTo(400);
        assertThat(ltr.violations()).isZero();
        assertThat(ltr.e2eUs().mean()).isLessThan(fcfs.e2eUs().mean() * 0.8);
        // Starvation control (S = 200, P = 10) promotes most of a long queue back towards arrival order.
        assertThat(starvation.requestsCompleted()).isEqualTo(400);
        assertThat(starvation.e2eUs().mean()).isLessThan(fcfs.e2eUs().mean()).isGreaterThan(ltr.e2eUs().mean());
    }
}
