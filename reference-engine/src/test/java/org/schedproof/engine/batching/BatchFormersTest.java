package org.schedproof.engine.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.policy.Fcfs;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.Batch;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.StepOutcome;
import org.schedproof.spec.trace.TraceEvent;

/** The three batch formers' decisions on hand-built states, and stall-free's no-stall rule over random runs. */
class BatchFormersTest {
    static final EngineConfig CONFIG = EngineConfig.defaults().withBlocks(100, 16).withTokenBudget(4096)
            .withMaxRunning(16).withWatermark(1);

    /** Two decodes (ids 0 and 1, their next block already held) and three prompts of 100, 50 and 30 tokens. */
    static FakeView twoDecodesThreePrompts(EngineConfig config, int free) {
        return new FakeView(config, free).decoding(0, 0, 40, 9, 3).decoding(1, 1, 20, 9, 1)
                .waiting(2, 2, 100, 5).waiting(3, 3, 50, 5).waiting(4, 4, 30, 5);
    }

    @Test
    void orcaRunsEveryDecodePlusWholePromptsUpToTheSequenceCap() {
        // 2 running + 2 admitted = the cap of 4, so prompt 4 waits; prompts are whole (no chunking).
        Batch b = new Orca(new Fcfs()).schedule(twoDecodesThreePrompts(CONFIG.withMaxRunning(4), 50));
        assertThat(b.preemptions()).isEmpty();
        assertThat(b.slices()).containsExactly(new Slice(0, 42, 1), new Slice(1, 20, 1), new Slice(2, 0, 100),
                new Slice(3, 0, 50));
    }

    @Test
    void orcaStopsAtTheFirstPromptWhoseBlocksDoNotFitAboveTheWatermark() {
        // 10 free: prompt 2 takes 7 blocks (3 left >= watermark 1); prompt 3 needs 4 (-1 left): stop, 4 waits too.
        Batch b = new Orca(new Fcfs()).schedule(twoDecodesThreePrompts(CONFIG, 10));
        assertThat(b.slices()).containsExactly(new Slice(0, 42, 1), new Slice(1, 20, 1), new Slice(2, 0, 100));
    }

    @Test
    void orcaNeverChunksAPromptToFitTheBudget() {
        // budget 120: 2 decodes + 100 = 102; the whole 50 would make 152, so it waits rather than being cut to 18.
        Batch b = new Orca(new Fcfs()).schedule(twoDecodesThreePrompts(CONFIG.withTokenBudget(120), 50));
        assertThat(b.slices()).containsExactly(new Slice(0, 42, 1), new Slice(1, 20, 1), new Slice(2, 0, 100));
    }

    @Test
    void prefillFirstStallsEveryDecodeWhileAPromptIsAdmitted() {
        Batch b = new PrefillFirst(new Fcfs()).schedule(twoDecodesThreePrompts(CONFIG, 50));
        assertThat(b.slices()).containsExactly(new Slice(2, 0, 100), new Slice(3, 0, 50), new Slice(4, 0, 30));
    }

    @Test
    void prefillFirstDecodesEveryRunningRequestWhenNoPromptFits() {
        // 5 free: prompt 2 needs 7 blocks, so nothing is admitted and both decodes run.
        Batch b = new PrefillFirst(new Fcfs()).schedule(twoDecodesThreePrompts(CONFIG, 5));
        assertThat(b.slices()).containsExactly(new Slice(0, 42, 1), new Slice(1, 20, 1));
    }

    @Test
    void stallFreeRunsDecodesThenTheOngoingPrefillThenChunksANewPromptToTheBudgetLeft() {
        // budget 64: 2 decodes, the rest of prompt 5 (40 - 16 = 24 tokens), then 64 - 26 = 38 tokens of prompt 2.
        FakeView v = twoDecodesThreePrompts(CONFIG.withTokenBudget(64), 50).prefilling(5, 5, 40, 3, 16);
        Batch b = new StallFree(new Fcfs()).schedule(v);
        assertThat(b.slices()).containsExactly(new Slice(0, 42, 1), new Slice(1, 20, 1), new Slice(5, 16, 24),
                new Slice(2, 0, 38));
    }

    /**
     * BATCH-NO-STALL as a property: on random workloads, budgets and pool sizes (small pools force preemption), every
     * call of the stall-free former gives each running decode a slice unless the same batch preempts it.
     */
    @Test
    void batchNoStallStallFreeNeverLeavesOutARunningDecode() {
        long preemptions = 0;
        for (long seed = 1; seed <= 40; seed++) {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
            Workload w = Workloads.load("gen:poisson?requests=40&qps=" + (5 + rng.nextInt(200)) + "&seed=" + seed
                    + "&input=1.." + (8 + rng.nextInt(400)) + "&output=1.." + (1 + rng.nextInt(60)));
            int blockSize = 16;
            int minBlocks = (w.longestSequence() + blockSize - 1) / blockSize + 1;
            EngineConfig config = CONFIG.withTokenBudget(1 + rng.nextInt(600)).withMaxRunning(1 + rng.nextInt(32))
                    .withBlocks(minBlocks + rng.nextInt(3 * minBlocks), blockSize);
            long s = seed;
            Scheduler inner = Schedulers.create("fcfs", "sarathi");
            int[] decodesSeen = {0};
            Scheduler checked = new Checked(inner, (v, b) -> {
                Set<Long> covered = new HashSet<>(b.preemptions());
                for (Slice x : b.slices()) covered.add(x.requestId());
                for (RequestView r : v.running()) {
                    if (!r.isDecode()) continue;
                    decodesSeen[0]++;
                    assertThat(covered).as("seed %d step %d: running decode %d left out of %s (config %s)", s,
                            v.stepIndex(), r.id(), b, config).contains(r.id());
                }
            });
            List<TraceEvent> events = new ArrayList<>();
            TraceEvent.End end = new Engine(config, checked, events::add).run(w.requests(), w.name(), w.digest());
            assertThat(end.reason()).as("seed %d", seed).isEqualTo(TraceEvent.End.DONE);
            assertThat(end.violations()).as("seed %d", seed).isZero();
            assertThat(decodesSeen[0]).as("seed %d: the run must have decodes to check", seed).isPositive();
            for (TraceEvent e : events) if (e instanceof TraceEvent.Step st) preemptions += st.preempted().size();
        }
        assertThat(preemptions).as("small pools must force preemption somewhere").isPositive();
    }

    /** A scheduler that checks every batch its delegate returns against the view it was asked with. */
    record Checked(Scheduler inner, BiConsumer<EngineView, Batch> check) implements Scheduler {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Map<String, String> parameters() {
            return inner.parameters();
        }

        @Override
        public void onArrival(Request request, long nowUs) {
            inner.onArrival(request, nowUs);
        }

        @Override
        public Batch schedule(EngineView view) {
            Batch b = inner.schedule(view);
            check.accept(view, b);
            return b;
        }

        @Override
        public void onStepEnd(StepOutcome outcome) {
            inner.onStepEnd(outcome);
        }
    }
}
