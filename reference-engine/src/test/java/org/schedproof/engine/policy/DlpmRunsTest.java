package org.schedproof.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.metrics.MetricsCollector;
import org.schedproof.spec.metrics.Summary;
import org.schedproof.spec.trace.TraceEvent;

/**
 * FAIR-DLPM-DEFICIT and FAIR-DLPM-GAP on seeded engine runs, every batch former: each witness is recomputed from
 * the previous one, the step's service and the refill counter (FAIRNESS.md 3.6), deficits stay within
 * [1 - w_p·P_max - w_q·E, Q], and the measured service gap stays within 2·(Q + w_p·P_max + w_q·E - 1) (3.7).
 */
class DlpmRunsTest {
    static final EngineConfig SMALL = EngineConfig.defaults().withBlocks(160, 16).withWatermark(1).withMaxRunning(24);

    static List<TraceEvent> run(EngineConfig config, String policy, Schedulers.Batching b, Map<String, String> options,
                                Workload w) {
        EngineConfig c = config.withTokenBudget(b.chunked ? config.tokenBudget() : b.defaultBudget(w.longestSequence()));
        List<TraceEvent> events = new ArrayList<>();
        new Engine(c, Schedulers.create(policy, b.id, options), events::add).run(w.requests(), w.name(), w.digest());
        return events;
    }

    @Test
    void fairDlpmDeficitsFollowTheDefinitionAndTheGapStaysWithinItsBound() {
        for (long seed = 1; seed <= 6; seed++) {
            long quantum = 64L << (seed % 4);
            String address = "gen:system-prompt?requests=120&clients=" + (2 + seed % 3) + "&skew=" + (seed % 3)
                    + "&qps=40&system=" + (16 * seed) + "&input=8..160&output=4..48&seed=" + seed;
            Workload w = Workloads.load(address);
            for (Schedulers.Batching b : Schedulers.Batching.values()) {
                String at = "seed " + seed + " " + b.id + " Q=" + quantum + " " + address;
                List<TraceEvent> events = run(SMALL.withTokenBudget(64), "dlpm", b,
                        Map.of("quantum", Long.toString(quantum)), w);
                ServiceReplay replay = new ServiceReplay(events, 1, 2);
                long lowest = 1 - replay.longestPrompt - 2 * replay.e;
                long refills = 0;
                Map<String, Long> previous = Map.of();
                Set<String> seen = new HashSet<>();
                for (int k = 0; k < replay.steps.size(); k++) {
                    ServiceReplay.StepView s = replay.steps.get(k);
                    long delta = s.witness().get("dlpm.refills") - refills;
                    assertThat(delta).as("%s step %d: refills never decrease", at, k).isGreaterThanOrEqualTo(0);
                    for (Map.Entry<String, Long> q : s.witness().entrySet()) {
                        if (!q.getKey().startsWith("dlpm.q.")) continue;
                        String c = q.getKey().substring("dlpm.q.".length());
                        long before = previous.getOrDefault(q.getKey(), 0L)
                                - (k == 0 ? 0 : replay.steps.get(k - 1).service().getOrDefault(c, 0L));
                        long expected = before + (s.backlogged().contains(c) ? delta * quantum : 0);
                        assertThat(q.getValue()).as("%s step %d client %s: previous - service + refills", at, k, c)
                                .isEqualTo(expected);
                        assertThat(q.getValue()).as("%s step %d client %s: deficit range", at, k, c)
                                .isBetween(lowest, quantum);
                        if (delta > 0 && s.backlogged().contains(c)) {
                            // A refill only when every backlogged client was exhausted before it.
                            assertThat(before).as("%s step %d client %s exhausted before the refill", at, k, c)
                                    .isLessThanOrEqualTo(0);
                        }
                        seen.add(c);
                    }
                    refills += delta;
                    previous = s.witness();
                }
                assertThat(seen).as(at).hasSizeGreaterThan(1);
                Summary sum = MetricsCollector.of(events);
                assertThat(sum.requestsCompleted()).as(at).isEqualTo(w.size());
                long bound = 2 * (quantum + replay.longestPrompt + 2 * replay.e - 1);
                assertThat(sum.maxServiceGap().gap()).as("%s: %s", at, sum.maxServiceGap()).isLessThanOrEqualTo(bound);
            }
        }
    }
}
