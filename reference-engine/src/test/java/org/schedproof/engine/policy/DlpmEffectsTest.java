package org.schedproof.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.metrics.MetricsCollector;
import org.schedproof.spec.metrics.Summary;
import org.schedproof.spec.trace.TraceEvent;

/**
 * The paper's effects (Cao et al., arXiv 2501.14312, abstract: DLPM keeps prefix locality with a fairness guarantee
 * where VTC loses it, LPM is unfair), in simulation: eight clients with 512-token system prompts on a KV pool too
 * small to keep them all cached. The figures are printed and copied into reference-engine/README.md.
 */
class DlpmEffectsTest {
    /** 300 blocks of 16 = 4,800 tokens; the eight system prompts alone take 4,096. */
    static final EngineConfig PRESSED = EngineConfig.defaults().withBlocks(300, 16).withWatermark(1);

    static String workload(int skew, int requests) {
        return "gen:system-prompt?requests=" + requests + "&clients=8&qps=30&skew=" + skew
                + "&system=512&input=16..256&output=16..128&seed=1";
    }

    record Result(String policy, Summary summary, long bound) {
        String row() {
            Summary s = summary;
            return String.format(Locale.ROOT, "| %s | %.1f%% | %.0f | %d | %s | %.3f |", policy,
                    100 * s.prefixHitRate(), s.tokensPerSecond(), s.maxServiceGap().gap(),
                    bound < 0 ? "-" : Long.toString(bound), s.jainIndex());
        }
    }

    static Result run(String policy, Workload w) {
        List<TraceEvent> events = DlpmRunsTest.run(PRESSED, policy, Schedulers.Batching.SARATHI, Map.of(), w);
        long bound = -1;
        if (policy.equals("dlpm")) {
            ServiceReplay r = new ServiceReplay(events, 1, 2);
            bound = 2 * (Dlpm.DEFAULT_QUANTUM + r.longestPrompt + 2 * r.e - 1);
        }
        return new Result(policy, MetricsCollector.of(events), bound);
    }

    static void print(String title, List<Result> results) {
        StringBuilder out = new StringBuilder(title).append('\n');
        out.append("| policy | prefix hit rate | tokens/s | max service gap | DLPM bound | Jain |\n|---|---|---|---|---|---|\n");
        for (Result r : results) out.append(r.row()).append('\n');
        System.out.print(out);
    }

    @Test
    void dlpmHitsThePrefixCacheMoreAndServesMoreThanFcfsAndVtcWithinItsGapBound() {
        Workload w = Workloads.load(workload(0, 300));
        Map<String, Result> by = new LinkedHashMap<>();
        for (String p : List.of("fcfs", "vtc", "lpm", "dlpm")) {
            if (Arrays.stream(Schedulers.Policy.values()).anyMatch(x -> x.id.equals(p))) by.put(p, run(p, w));
        }
        print(w.name() + ", 300 blocks, sarathi budget 512:", new ArrayList<>(by.values()));
        Summary dlpm = by.get("dlpm").summary();
        for (String baseline : List.of("fcfs", "vtc")) {
            if (!by.containsKey(baseline)) continue;
            Summary b = by.get(baseline).summary();
            assertThat(dlpm.prefixHitRate()).as("hit rate vs %s", baseline).isGreaterThan(b.prefixHitRate());
            assertThat(dlpm.tokensPerSecond()).as("throughput vs %s", baseline).isGreaterThan(b.tokensPerSecond());
        }
        assertThat(dlpm.maxServiceGap().gap()).isLessThanOrEqualTo(by.get("dlpm").bound());
        assertThat(dlpm.maxServiceGap().gap()).isLessThan(by.get("lpm").summary().maxServiceGap().gap());
    }

    @Test
    void lpmServiceGapGrowsWithClientSkewWhileDlpmStaysWithinItsBound() {
        List<Result> results = new ArrayList<>();
        long previousLpmGap = -1;
        for (int skew = 0; skew <= 2; skew += 2) {
            Workload w = Workloads.load(workload(skew, 300));
            Result lpm = run("lpm", w);
            Result dlpm = run("dlpm", w);
            results.add(new Result("lpm, skew " + skew, lpm.summary(), -1));
            results.add(new Result("dlpm, skew " + skew, dlpm.summary(), dlpm.bound()));
            assertThat(lpm.summary().maxServiceGap().gap()).as("lpm gap at skew %d", skew)
                    .isGreaterThan(previousLpmGap);
            assertThat(dlpm.summary().maxServiceGap().gap()).as("dlpm gap at skew %d", skew)
                    .isLessThanOrEqualTo(dlpm.bound()).isLessThan(lpm.summary().maxServiceGap().gap());
            previousLpmGap = lpm.summary().maxServiceGap().gap();
        }
        print("system prompts, 8 clients, Zipf skew 0 and 2, 300 blocks, sarathi budget 512:", results);
    }
}
