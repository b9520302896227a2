package org.schedproof.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.trace.TraceEvent;

/**
 * The D²LPM effect (reference-engine/README.md, "Clusters and D²LPM"): on a multi-client shared-prefix workload with
 * four workers, D²LPM keeps more prefix hits than round robin and more balance than pure cache-aware routing, and
 * lowers the mean latency of most clients against least-loaded routing. Every router's workers run DLPM, so only the
 * router differs. {@code -Dd2lpm.knobs=true} adds the README's other rows.
 */
class D2lpmEffectTest {
    static final String WORKLOAD = System.getProperty("d2lpm.workload",
            "gen:system-prompt?requests=800&clients=16&skew=1.2&system=1024&input=32..256&output=16..128&qps=45&seed=1");
    static final EngineConfig CONFIG = EngineConfig.profile("a100-llama2-7b").withBlocks(1200, 16).withWatermark(12);

    @TempDir
    Path dir;

    record Figures(String router, double hitRate, double imbalance, double tokensPerSecond, long ttftP50,
                   long e2eP99, Map<String, Long> meanE2eByClient, long gap, double jain) {
        String row() {
            long worst = meanE2eByClient.values().stream().mapToLong(x -> x).max().orElse(0);
            long best = meanE2eByClient.values().stream().mapToLong(x -> x).min().orElse(0);
            return String.format(Locale.ROOT, "%-28s hit %6.2f%%  imbalance %.3f  %8.1f tok/s  TTFT p50 %8d us  "
                    + "e2e p99 %9d us  client mean e2e %8d..%8d us  gap %8d  Jain %.4f", router, 100 * hitRate,
                    imbalance, tokensPerSecond, ttftP50, e2eP99, best, worst, gap, jain);
        }
    }

    Figures run(String router, Map<String, String> options, String policy) {
        Workload w = Workloads.load(WORKLOAD);
        Router r = Routers.create(router, options);
        Map<Long, TraceEvent.Arrival> arrivals = new HashMap<>();
        Map<String, long[]> e2e = new TreeMap<>();
        Cluster.Result res = new Cluster(CONFIG, 4, Routers.schedulers(r, policy, "sarathi", Map.of()), r)
                .run(w.requests(), w.name(), w.digest(), dir.resolve(router + options.hashCode()), e -> {
                    if (e instanceof TraceEvent.Arrival a) arrivals.put(a.request().id(), a);
                    if (e instanceof TraceEvent.Completion c) {
                        TraceEvent.Arrival a = arrivals.get(c.requestId());
                        long[] sum = e2e.computeIfAbsent(a.request().client(), k -> new long[2]);
                        sum[0] += c.timeUs() - a.request().arrivalUs();
                        sum[1]++;
                    }
                });
        assertThat(res.clean()).as(router).isTrue();
        Map<String, Long> mean = new TreeMap<>();
        e2e.forEach((k, v) -> mean.put(k, v[0] / v[1]));
        var s = res.summary();
        return new Figures(router + options, s.prefixHitRate(), res.imbalance(), s.tokensPerSecond(), s.ttftUs().p50(),
                s.e2eUs().p99(), mean, s.maxServiceGap().gap(), s.jainIndex());
    }

    @Test
    void d2lpmHasMoreHitsThanRoundRobinAndMoreBalanceThanPureCacheAware() {
        Figures rr = run("round-robin", Map.of(), "dlpm");
        Figures ll = run("least-loaded", Map.of(), "dlpm");
        Figures pure = run("cache-aware", Map.of("threshold", Long.toString(Long.MAX_VALUE)), "dlpm");
        Figures ca = run("cache-aware", Map.of(), "dlpm");
        Figures d2 = run("d2lpm", Map.of(), "dlpm");
        System.out.println("D2LPM effect, 4 workers, " + WORKLOAD);
        for (Figures f : new Figures[] {rr, ll, pure, ca, d2}) System.out.println("  " + f.row());
        if (Boolean.getBoolean("d2lpm.knobs")) {
            for (Map<String, String> o : List.of(Map.of("worker-quantum", "1024"), Map.of("worker-quantum",
                    "16384"), Map.of("worker-quantum", "65536"), Map.of("deficits", "per-worker"),
                    Map.of("fallback", "least-loaded"))) {
                System.out.println("  " + run("d2lpm", o, "dlpm").row());
            }
            System.out.println("  " + run("round-robin", Map.of(), "fcfs").row() + " (fcfs workers)");
            System.out.println("  " + run("least-loaded", Map.of(), "fcfs").row() + " (fcfs workers)");
        }
        System.out.println("  per-client mean e2e (us), least-loaded vs d2lpm:");
        for (String c : d2.meanE2eByClient().keySet()) {
            System.out.println("    " + c + "  " + ll.meanE2eByClient().get(c) + "  " + d2.meanE2eByClient().get(c));
        }
        assertThat(d2.hitRate()).isGreaterThan(rr.hitRate());
        assertThat(d2.imbalance()).isLessThan(pure.imbalance());
        long better = d2.meanE2eByClient().keySet().stream()
                .filter(c -> d2.meanE2eByClient().get(c) < ll.meanE2eByClient().get(c)).count();
        assertThat(better).as("clients whose mean latency D2LPM lowers against least loaded")
                .isGreaterThan(d2.meanE2eByClient().size() / 2);
    }
}
