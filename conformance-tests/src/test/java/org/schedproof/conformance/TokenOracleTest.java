package org.schedproof.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.invariants.CheckResult;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent;

/**
 * SAFE-TOKENS on the reference engine's traces with the exact model on: they pass, through chunking, prefix hits,
 * preemption and offloading (the engine computes tokens with its own model; the oracle with the invariants module's);
 * one wrong token fails at its step and request; a request whose tokens are those of another prompt (what a prefix
 * cache reusing the wrong KV emits) fails at its first token.
 */
class TokenOracleTest {
    private static final String SYSTEM_PROMPTS =
            "gen:system-prompt?requests=40&clients=4&system=48&input=8..96&output=8..48&qps=200&seed=1";

    /** A pool of three longest sequences, 8 running, budget 128 (or the longest sequence without chunking). */
    private static EngineConfig tight(Workload w, String batching, ModelSpec model) {
        int longest = w.longestSequence();
        int budget = Schedulers.Batching.of(batching).chunked ? 128 : Math.max(128, longest);
        return EngineConfig.defaults().withBlocks(Math.max(24, 3 * ((longest + 15) / 16)), 16).withWatermark(2)
                .withTokenBudget(budget).withMaxRunning(8).withMaxStalled(64).withModel(model);
    }

    private static List<TraceEvent> run(Workload w, EngineConfig config, String policy, String batching) {
        List<TraceEvent> events = new ArrayList<>();
        TraceEvent.End end = new Engine(config, Schedulers.create(policy, batching, Map.of()), events::add)
                .run(w.requests(), w.name(), w.digest());
        assertThat(end.reason()).isEqualTo(TraceEvent.End.DONE);
        assertThat(end.violations()).isZero();
        return events;
    }

    private static List<TraceEvent> systemPromptRun() {
        Workload w = Workloads.load(SYSTEM_PROMPTS);
        return run(w, tight(w, "sarathi", ModelSpec.tiny(1)), "fcfs", "sarathi");
    }

    @ParameterizedTest(name = "{0} under {1}/{2}, model {3}")
    @CsvSource({
        SYSTEM_PROMPTS + ", fcfs, sarathi, tiny@1",
        SYSTEM_PROMPTS + ", lpm, orca, tiny@1",
        SYSTEM_PROMPTS + ", dlpm, prefill-first, tiny@-5",
        "gen:multiturn?requests=60&clients=4&qps=50&think=0.05&input=16..128&output=8..64&seed=2, vtc, sarathi, tiny@2",
        "gen:bursty?requests=80&clients=3&qps=100&input=16..256&output=4..64&seed=3, ltr, sarathi, tiny@1",
        "gen:system-prompt?requests=6&clients=2&system=32&input=4..24&output=4..12&qps=200&seed=4, fcfs, sarathi, small@2",
    })
    void SAFE_TOKENS_keptByReferenceTracesThroughChunksHitsAndPreemptions(String address, String policy,
                                                                          String batching, String model) {
        Workload w = Workloads.load(address);
        int at = model.indexOf('@');
        ModelSpec m = new ModelSpec(model.substring(0, at), Long.parseLong(model.substring(at + 1)));
        List<TraceEvent> events = run(w, tight(w, batching, m), policy, batching);
        TraceCheck.Report report = TraceCheck.run(events);
        assertThat(report.get("SAFE-TOKENS").status()).as("%s", report).isEqualTo(CheckResult.Status.PASS);
        assertThat(report.passed()).as("%s", report).isTrue();
    }

    @Test
    void SAFE_TOKENS_keptThroughOffloadingAndItsReferenceRunsPreemptAndHit() {
        List<TraceEvent> events = systemPromptRun();
        assertThat(events).as("steps that preempt").anyMatch(e -> e instanceof TraceEvent.Step s && !s.preempted().isEmpty());
        assertThat(events).as("steps with hits").anyMatch(e -> e instanceof TraceEvent.Step s && !s.hits().isEmpty());
        Workload w = Workloads.load(SYSTEM_PROMPTS);
        EngineConfig config = tight(w, "sarathi", ModelSpec.tiny(1)).withHost(200, 8);
        List<TraceEvent> offloading = run(w, config, "alise", "sarathi");
        assertThat(offloading).as("steps that offload")
                .anyMatch(e -> e instanceof TraceEvent.Step s && !s.offloaded().isEmpty());
        TraceCheck.Report report = TraceCheck.run(offloading);
        assertThat(report.get("SAFE-TOKENS").status()).as("%s", report).isEqualTo(CheckResult.Status.PASS);
    }

    @Test
    void SAFE_TOKENS_brokenByOneWrongTokenAtItsStepAndRequest() {
        List<TraceEvent> events = new ArrayList<>(systemPromptRun());
        int index = stepIndexWithEmitsAfter(events, events.size() / 2);
        TraceEvent.Step s = (TraceEvent.Step) events.get(index);
        List<TraceEvent.Emit> emitted = new ArrayList<>(s.emitted());
        TraceEvent.Emit right = emitted.get(emitted.size() - 1);
        int wrong = (right.token() + 1) % 512;
        emitted.set(emitted.size() - 1, new TraceEvent.Emit(right.requestId(), wrong));
        events.set(index, withEmitted(s, emitted));
        CheckResult r = TraceCheck.run(events).get("SAFE-TOKENS");
        assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
        Violation v = r.first().get(0);
        assertThat(v.step()).isEqualTo(s.index());
        assertThat(v.requestId()).isEqualTo(right.requestId());
        assertThat(v.message()).contains("emits token " + wrong + " at position", "gives " + right.token());
    }

    @Test
    void SAFE_TOKENS_brokenByTheTokensOfAnotherPromptAsAWrongPrefixReuseEmits() {
        List<TraceEvent> events = new ArrayList<>(systemPromptRun());
        // request 9's arrival names another system prompt than the one its tokens were computed for
        long victim = 9;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof TraceEvent.Arrival a && a.request().id() == victim) {
                Request r = a.request();
                long[] keys = r.prompt().keys().clone();
                assertThat(keys).as("a system prompt and a question").hasSizeGreaterThanOrEqualTo(2);
                keys[0] ^= 1;
                events.set(i, new TraceEvent.Arrival(a.timeUs(), new Request(r.id(), r.client(), r.arrivalUs(),
                        new Prompt(keys, r.prompt().ends()), r.maxNewTokens())));
            }
        }
        long firstEmit = -1;
        for (TraceEvent e : events) {
            if (firstEmit < 0 && e instanceof TraceEvent.Step s
                    && s.emitted().stream().anyMatch(x -> x.requestId() == victim)) {
                firstEmit = s.index();
            }
        }
        CheckResult r = TraceCheck.run(events).get("SAFE-TOKENS");
        assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(r.first()).allMatch(v -> v.requestId() == victim);
        assertThat(r.first().get(0).step()).isEqualTo(firstEmit);
        assertThat(r.first().get(0).message()).contains("its generated token 1)");
    }

    private static int stepIndexWithEmitsAfter(List<TraceEvent> events, int from) {
        for (int i = from; i < events.size(); i++) {
            if (events.get(i) instanceof TraceEvent.Step s && !s.emitted().isEmpty()) return i;
        }
        throw new AssertionError("no step emits after event " + from);
    }

    private static TraceEvent.Step withEmitted(TraceEvent.Step s, List<TraceEvent.Emit> emitted) {
        return new TraceEvent.Step(s.index(), s.startUs(), s.durationUs(), s.preempted(), s.offloaded(), s.prefetched(),
                s.slices(), s.rejected(), s.hits(), s.evictedBlocks(), emitted, s.finished(), s.kvUsedBlocks(),
                s.violations(), s.witness());
    }
}
