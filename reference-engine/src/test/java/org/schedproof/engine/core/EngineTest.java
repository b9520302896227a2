package org.schedproof.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.schedproof.engine.Schedulers;
import org.schedproof.spec.Batch;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.SchedulerFailure;
import org.schedproof.spec.trace.TraceEvent;

class EngineTest {
    static final EngineConfig SMALL = EngineConfig.defaults().withBlocks(96, 16).withTokenBudget(64).withMaxRunning(16)
            .withWatermark(1);

    @Test
    void sameInputsGiveEqualTracesTwice() {
        List<Request> w = TestWorkloads.sharedPrefixes(7, 60, 200, 30, 20_000);
        Runs a = Runs.of(SMALL, Schedulers.create("fcfs", "sarathi"), w);
        Runs b = Runs.of(SMALL, Schedulers.create("fcfs", "sarathi"), w);
        assertThat(a.events()).isEqualTo(b.events());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sarathi", "prefill-first"})
    void everyRequestCompletesOnceWithExactlyItsOutputLengthWithinBudgetAndCapacity(String batching) {
        for (long seed = 1; seed <= 20; seed++) {
            List<Request> w = TestWorkloads.sharedPrefixes(seed, 80, 300, 40, 2_000 * (seed % 3 + 1));
            EngineConfig cfg = batching.equals("prefill-first") ? SMALL.withTokenBudget(512) : SMALL;
            SafetyCheck check = new SafetyCheck(cfg, batching.equals("sarathi"), "seed " + seed + " " + batching);
            new Engine(cfg, Schedulers.create("fcfs", batching), check).run(w, "test", "none");
            check.assertConservation(w);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sarathi", "prefill-first"})
    void referenceFormersKeepTheSchedulerContractAtEveryCall(String batching) {
        for (long seed = 1; seed <= 10; seed++) {
            List<Request> w = TestWorkloads.sharedPrefixes(seed, 60, 300, 40, 1_500);
            EngineConfig cfg = (batching.equals("prefill-first") ? SMALL.withTokenBudget(512) : SMALL).withBlocks(48, 16);
            Scheduler inner = Schedulers.create("fcfs", batching);
            long s = seed;
            Scheduler checked = fixed(v -> {
                Batch b = inner.schedule(v);
                assertThat(b.isWellFormed()).as("seed %d step %d %s", s, v.stepIndex(), b).isTrue();
                for (Slice x : b.slices()) {
                    assertThat(v.isLegalSlice(x)).as("seed %d step %d %s", s, v.stepIndex(), x).isTrue();
                }
                for (long id : b.preemptions()) {
                    assertThat(v.running()).as("seed %d step %d", s, v.stepIndex()).anyMatch(r -> r.id() == id);
                }
                assertThat(b.tokens()).isLessThanOrEqualTo(Math.max(cfg.tokenBudget(), v.decodeSlices(b)));
                return b;
            });
            assertThat(Runs.of(cfg, checked, w).end().violations()).as("seed %d", seed).isZero();
        }
    }

    @Test
    void tokensDoNotDependOnChunkingCachingOrPreemption() {
        EngineConfig base = SMALL.withModel(ModelSpec.tiny(1)).withBlocks(256, 16).withMaxRunning(32);
        for (long seed = 1; seed <= 4; seed++) {
            List<Request> w = TestWorkloads.sharedPrefixes(seed, 30, 150, 48, 1_000);
            Map<Long, List<Integer>> whole = Runs.of(base.withTokenBudget(4096).withPrefixCaching(false),
                    Schedulers.create("fcfs", "prefill-first"), w).tokens();
            assertThat(whole).hasSize(w.size());
            assertThat(whole.values().stream().flatMap(List::stream)).allMatch(t -> t >= 0);
            int preemptions = 0;
            int evictions = 0;
            int hits = 0;
            for (int tau : new int[] {16, 64, 512}) {
                for (boolean caching : new boolean[] {false, true}) {
                    Runs run = Runs.of(base.withTokenBudget(tau).withPrefixCaching(caching),
                            Schedulers.create("fcfs", "sarathi"), w);
                    assertThat(run.tokens()).as("seed %d tau %d caching %s", seed, tau, caching).isEqualTo(whole);
                }
                // a pool so small that requests are preempted and cached blocks evicted
                Runs tight = Runs.of(base.withTokenBudget(tau).withBlocks(16, 16).withWatermark(0),
                        Schedulers.create("fcfs", "sarathi"), w);
                assertThat(tight.tokens()).as("seed %d tau %d tight pool", seed, tau).isEqualTo(whole);
                for (TraceEvent.Step s : tight.steps()) {
                    preemptions += s.preempted().size();
                    evictions += s.evictedBlocks();
                    hits += s.hits().size();
                }
            }
            assertThat(preemptions).as("seed %d: the tight pool must force preemption", seed).isPositive();
            assertThat(evictions).as("seed %d: the tight pool must force eviction", seed).isPositive();
            assertThat(hits).as("seed %d: shared prefixes must hit", seed).isPositive();
        }
    }

    @Test
    void anIllegalBatchIsRecordedNotRun() {
        Request r = new Request(0, "a", 0, Prompt.single(5, 100), 3);
        Scheduler overBudget = fixed(v -> Batch.of(List.of(new Slice(0, 0, 100))));
        Runs run = Runs.of(SMALL.withMaxRunning(4).withBlocks(96, 16).withTokenBudget(64)
                .withMaxStalled(3), overBudget, List.of(r));
        TraceEvent.Step first = run.steps().get(0);
        assertThat(first.rejected()).isTrue();
        assertThat(first.violations()).extracting(Violation::rule).containsExactly("BUDGET");
        assertThat(first.emitted()).isEmpty();
        assertThat(run.end().reason()).isEqualTo(TraceEvent.End.STALLED);
        assertThat(run.steps()).hasSize(3);
    }

    @Test
    void aSchedulerThatThrowsGetsAVerdict() {
        Request r = new Request(0, "a", 0, Prompt.single(5, 10), 3);
        Runs run = Runs.of(SMALL, fixed(v -> {
            throw new IllegalStateException("boom");
        }), List.of(r));
        assertThat(run.steps().get(0).violations()).extracting(Violation::rule).containsExactly("SCHEDULER_ERROR");
        assertThat(run.end().reason()).isEqualTo("scheduler-error");
    }

    @Test
    void aSchedulerFailureEndsTheRunWithTheReasonItNames() {
        Request r = new Request(0, "a", 0, Prompt.single(5, 10), 3);
        Runs run = Runs.of(SMALL, fixed(v -> {
            throw new SchedulerFailure("port-timeout", "no batch within 500 ms for step 0");
        }), List.of(r));
        assertThat(run.steps().get(0).violations()).extracting(Violation::rule).containsExactly("SCHEDULER_ERROR");
        assertThat(run.steps().get(0).violations().get(0).message())
                .isEqualTo("the scheduler threw port-timeout: no batch within 500 ms for step 0");
        assertThat(run.end().reason()).isEqualTo("port-timeout");
    }

    @Test
    void startMustBeTheComputedPositionAndSlicesMustNotOverrun() {
        Request r = new Request(0, "a", 0, Prompt.single(5, 10), 3);
        List<Batch> plan = new ArrayList<>(List.of(Batch.of(List.of(new Slice(0, 2, 4))),
                Batch.of(List.of(new Slice(0, 0, 11))), Batch.of(List.of(new Slice(0, 0, 10), new Slice(9, 0, 1)))));
        Runs run = Runs.of(SMALL.withMaxStalled(3), fixed(v -> plan.isEmpty() ? Batch.EMPTY : plan.remove(0)),
                List.of(r));
        assertThat(run.steps()).extracting(s -> s.violations().get(0).rule())
                .containsExactly("SLICE_START", "SLICE_OVERRUN", "CAUSALITY");
    }

    private static Scheduler fixed(java.util.function.Function<EngineView, Batch> f) {
        return new Scheduler() {
            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public Batch schedule(EngineView view) {
                return f.apply(view);
            }
        };
    }
}
