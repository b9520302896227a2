package org.schedproof.conformance.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.schedproof.conformance.certify.Certificate;
import org.schedproof.conformance.certify.Certifier;
import org.schedproof.conformance.certify.Level;
import org.schedproof.conformance.certify.PolicySpec;

/**
 * The full suite exercises every invariant family (issue 12, item 5): for each reference policy, every checker that
 * applies to it (the table below, written from spec/INVARIANTS.md, not read from the checkers) is judged on at least
 * one workload, and on one where the situation it judges actually comes up: preemption for the preemption rules,
 * offloads and prefetches for ALISE's host tier, the model on for SAFE-TOKENS, the running cap reached, prefix hits
 * and eviction for the cache rules, chunked and mixed steps for stall-free batching, a blocked admission for BATCH-HOL.
 */
class SuiteCoverageTest {
    static final List<String> SAFE = List.of("SAFE-BUDGET", "SAFE-KV", "SAFE-KV-EXACT", "SAFE-CAUSALITY",
            "SAFE-CONSERVATION", "SAFE-PREEMPT", "SAFE-MAXRUN", "SAFE-OFFLOAD", "SAFE-TOKENS", "LIVE-PROGRESS");
    static final List<String> SARATHI = List.of("BATCH-NO-STALL", "BATCH-CHUNK", "BATCH-ADMISSION", "BATCH-PREEMPT-TAIL",
            "BATCH-HOL");
    static final List<String> WHOLE_PROMPT = List.of("BATCH-ADMISSION", "BATCH-PREEMPT-TAIL", "BATCH-HOL");
    static final Map<String, List<String>> OWN = Map.of(
            "fcfs", List.of("ORDER-FCFS"),
            "vtc", List.of("FAIR-VTC-SELECT", "FAIR-VTC-CHARGE", "FAIR-VTC-LIFT", "FAIR-VTC-SPREAD", "FAIR-VTC-GAP"),
            "lcf", List.of("FAIR-VTC-SELECT", "FAIR-VTC-CHARGE", "FAIR-VTC-LIFT"),
            "lpm", List.of("ORDER-LPM"),
            "dlpm", List.of("ORDER-LPM", "FAIR-DLPM-GATE", "FAIR-DLPM-REFILL", "FAIR-DLPM-CHARGE", "FAIR-DLPM-RANGE",
                    "FAIR-DLPM-GAP"),
            "ltr", List.of("ORDER-LTR", "LIVE-STARVATION"),
            "alise", List.of("ORDER-ALISE"));

    static Stream<Arguments> policies() {
        return Stream.of(
                Arguments.of("fcfs", "sarathi", Map.of()), Arguments.of("vtc", "sarathi", Map.of()),
                Arguments.of("lcf", "sarathi", Map.of()), Arguments.of("lpm", "sarathi", Map.of()),
                Arguments.of("dlpm", "sarathi", Map.of()), Arguments.of("ltr", "sarathi", Map.of("starvation", "on")),
                Arguments.of("alise", "sarathi", Map.of()), Arguments.of("fcfs", "prefill-first", Map.of()),
                Arguments.of("dlpm", "orca", Map.of()));
    }

    /** The situation a checker judges, seen in one workload's run (its engine for the running cap). */
    static Predicate<Certificate.WorkloadResult> situation(String id, String policy) {
        return switch (id) {
            case "SAFE-PREEMPT", "BATCH-PREEMPT-TAIL" -> w -> w.stats().preemptions() > 0;
            case "SAFE-OFFLOAD" -> policy.equals("alise") ? w -> w.stats().offloads() > 0 && w.stats().prefetches() > 0
                    : w -> w.stats().steps() > 0;
            case "SAFE-TOKENS" -> w -> w.stats().modelTokens() > 0;
            case "SAFE-MAXRUN" -> w -> w.stats().peakRunning() == w.engine().maxRunning();
            case "SAFE-KV", "SAFE-KV-EXACT", "ORDER-LPM" -> w -> w.stats().hitTokens() > 0 && w.stats().evictedBlocks() > 0;
            case "BATCH-CHUNK" -> w -> w.stats().chunkedPrefills() > 0;
            case "BATCH-NO-STALL" -> w -> w.stats().mixedSteps() > 0;
            case "BATCH-HOL" -> w -> w.stats().witnessKeys().contains("blocked");
            case "FAIR-DLPM-REFILL" -> w -> w.stats().witnessKeys().contains("dlpm.refills") && w.stats().clients() > 1;
            case "LIVE-STARVATION" -> w -> w.stats().witnessKeys().contains("promoted");
            default -> id.startsWith("FAIR-") ? w -> w.stats().clients() > 1 : w -> w.stats().steps() > 0;
        };
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @MethodSource("policies")
    void everyApplicableInvariantIsJudgedInItsSituationOnFull(String policy, String batching, Map<String, String> params,
                                                              @TempDir Path out) {
        Certificate c = Certifier.certify(new Certifier.Request(Certificate.Target.engine("reference"),
                new PolicySpec(policy, batching, params), Level.L2, Suites.FULL.suite()), out,
                new Certifier.Listener() {}).certificate();
        assertThat(c.levelReached()).isEqualTo(Level.L2);
        List<String> expected = new ArrayList<>(SAFE);
        boolean standalone = policy.equals("ltr") || policy.equals("alise");
        if (!standalone) expected.addAll(batching.equals("sarathi") ? SARATHI : WHOLE_PROMPT);
        expected.addAll(OWN.get(policy));

        Set<String> judged = new TreeSet<>();
        for (Certificate.WorkloadResult w : c.workloads()) {
            w.results().stream().filter(x -> x.status().equals(Certificate.InvariantResult.PASS))
                    .forEach(x -> judged.add(x.id()));
        }
        assertThat(judged).as("the invariants judged (not n/a) on some workload of full")
                .containsExactlyInAnyOrderElementsOf(expected);
        for (String id : expected) {
            Predicate<Certificate.WorkloadResult> seen = situation(id, policy);
            assertThat(c.workloads()).as("%s under %s/%s: a workload where it applies and its situation comes up", id,
                            policy, batching)
                    .anyMatch(w -> w.results().stream().anyMatch(x -> x.id().equals(id)
                            && x.status().equals(Certificate.InvariantResult.PASS)) && seen.test(w));
        }
    }

    @Test
    void everyWorkloadSaysWhatItIsForAndLoads() {
        for (Suites s : Suites.values()) {
            Suite suite = s.suite();
            assertThat(suite.version()).isPositive();
            for (SuiteWorkload w : suite.workloads()) {
                assertThat(w.purpose()).as(w.id()).isNotBlank();
                assertThat(w.load().size()).as(w.id()).isEqualTo(w.limit());
                assertThat(w.load().name()).as("the name reloads the same workload").contains("limit=" + w.limit());
            }
        }
        assertThat(Suites.QUICK.suite().description()).contains("leaves out");
        assertThat(Suites.FULL.suite().workloads().size()).isGreaterThan(Suites.QUICK.suite().workloads().size());
    }
}
