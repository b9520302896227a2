package org.schedproof.engine.alise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.predict.LengthPredictor;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;

/**
 * ALISE's decisions on small hand-built runs of the reference engine (A100 cost profile, blocks of 16, no watermark),
 * with the oracle predictor so that every remaining time is known: a decode costs about 6.7 ms, so a job with
 * {@code d} tokens to go has a remaining time of about {@code d * 6.7} ms, and a prompt of {@code p <= budget}
 * tokens with one output token about {@code 6.6 + 0.072 p} ms.
 */
class AliseTest {
    static final EngineConfig BASE = EngineConfig.defaults().withWatermark(0).withTokenBudget(64).withMaxStalled(50);

    static Scheduler alise() {
        return new Alise(Alise.oracle(), Alise.Overrun.CLAMP, Alise.Swap.OFFLOAD, 50_000);
    }

    static Request req(long id, long arrivalUs, int prompt, int output) {
        return new Request(id, "c", arrivalUs, Prompt.single(100 + id, prompt), output);
    }

    static List<TraceEvent.Step> run(EngineConfig config, Scheduler s, Request... requests) {
        List<TraceEvent> events = new ArrayList<>();
        TraceEvent.End end = new Engine(config, s, events::add).run(List.of(requests), "test", "none");
        assertThat(end.reason()).isEqualTo(TraceEvent.End.DONE);
        assertThat(end.violations()).isZero();
        return events.stream().filter(e -> e instanceof TraceEvent.Step).map(e -> (TraceEvent.Step) e).toList();
    }

    @Test
    void eachPredictionIsInTheWitnessAtItsFirstStepAndAgainWhenOverrunDoublesIt() {
        // A predicts 2 for a 5-token job: step 0 (prefill, emits 1) shows 2; the order of step 2 sees 2 generated,
        // doubles to 4 and shows it; that of step 4 sees 4 generated, doubles to 8 and shows it; no other step has one.
        Scheduler s = new Alise(new LengthPredictor() {
            @Override
            public String name() {
                return "two";
            }

            @Override
            public int predict(Request request) {
                return 2;
            }
        }, Alise.Overrun.DOUBLE, Alise.Swap.OFFLOAD, 50_000);
        List<TraceEvent.Step> steps = run(BASE, s, req(0, 0, 16, 5));
        assertThat(steps).extracting(TraceEvent.Step::witness).containsExactly(Map.of("alise.pred.0", 2L), Map.of(),
                Map.of("alise.pred.0", 4L), Map.of(), Map.of("alise.pred.0", 8L));
    }

    @Test
    void aShorterArrivalTakesTheBudgetFromALongerRunningJob() {
        // A (16-token prompt, 100 tokens) decodes from step 1; B (16-token prompt, 2 tokens) is seen at step 1 and,
        // shorter (~13 ms vs ~660 ms), takes the whole 16-token budget: A is paused, keeping its KV, and both decode
        // at step 2, B first.
        List<TraceEvent.Step> s = run(BASE.withTokenBudget(16), alise(), req(0, 0, 16, 100), req(1, 1, 16, 2));
        assertThat(s.get(0).slices()).containsExactly(new Slice(0, 0, 16));
        assertThat(s.get(1).slices()).containsExactly(new Slice(1, 0, 16));
        assertThat(s.get(1).preempted()).isEmpty();
        assertThat(s.get(1).offloaded()).isEmpty();
        assertThat(s.get(2).slices()).containsExactly(new Slice(1, 16, 1), new Slice(0, 16, 1));
        assertThat(s.get(2).finished()).containsExactly(1L);
    }

    @Test
    void theBatchIsThePrefixOfTheRemainingTimeOrderCutAtTheFirstMisfit() {
        // Budget: X (10), Y (20) and Z (30) by remaining time, budget 40: Z gets the last 10 tokens as a chunk.
        List<TraceEvent.Step> budget = run(BASE.withTokenBudget(40).withBlocks(16, 16), alise(),
                req(0, 0, 30, 1), req(1, 0, 10, 1), req(2, 0, 20, 1));
        assertThat(budget.get(0).slices()).containsExactly(new Slice(1, 0, 10), new Slice(2, 0, 20), new Slice(0, 0, 10));
        // KV: 4 blocks; X (20 tokens, 2 blocks) fits, Z (40 tokens, 3 blocks) does not, so V (8 tokens, 1 block, but
        // 40 tokens to generate: ranked last) is not taken either, though it would fit.
        List<TraceEvent.Step> kv = run(BASE.withBlocks(4, 16), alise(), req(0, 0, 8, 40), req(1, 0, 20, 1),
                req(2, 0, 40, 1));
        assertThat(kv.get(0).slices()).containsExactly(new Slice(1, 0, 20));
    }

    /** A (32-token prompt, 20 tokens) and B (32, 30) run from step 0; N (50 tokens, 1) arrives and needs 4 blocks. */
    static List<TraceEvent.Step> pressure(EngineConfig config) {
        return run(config, alise(), req(0, 0, 32, 20), req(1, 0, 32, 30), req(2, 1, 50, 1));
    }

    @Test
    void pausedJobsAreOffloadedLargestEwtFirstAndPrefetchedBeforeTheyRun() {
        // 5 blocks: A and B hold 2 each, 1 is free; N needs 4: both give up theirs, B (30 tokens to go, the larger
        // EWT) first.
        List<TraceEvent.Step> s = pressure(BASE.withBlocks(5, 16).withHost(8, 16));
        assertThat(s.get(0).slices()).containsExactly(new Slice(0, 0, 32), new Slice(1, 0, 32));
        assertThat(s.get(1).offloaded()).containsExactly(1L, 0L);
        assertThat(s.get(1).slices()).isEmpty();
        // the offloaded blocks are free after step 1: N runs alone (A and B are in host memory)
        assertThat(s.get(2).slices()).containsExactly(new Slice(2, 0, 50));
        // A is due first (its EWT is N's ~10 ms, then 0): it comes back, and runs only in a later step
        int prefetchA = firstStep(s, st -> st.prefetched().contains(0L));
        int runA = firstStep(s, st -> st.slices().stream().anyMatch(x -> x.requestId() == 0 && st.index() > 1));
        assertThat(prefetchA).isGreaterThan(1).isLessThan(runA);
        assertThat(s.get(runA).slices()).contains(new Slice(0, 32, 1));
    }

    @Test
    void whenTheHostIsFullAPausedJobIsPreemptedByRecompute() {
        // host of 2 blocks at 16 bits: B's 2 blocks fit, A's do not: A is preempted
        List<TraceEvent.Step> s = pressure(BASE.withBlocks(5, 16).withHost(2, 16));
        assertThat(s.get(1).offloaded()).containsExactly(1L);
        assertThat(s.get(1).preempted()).containsExactly(0L);
        // no host memory at all: both, largest EWT first
        List<TraceEvent.Step> none = pressure(BASE.withBlocks(5, 16));
        assertThat(none.get(1).preempted()).containsExactly(1L, 0L);
        assertThat(none.get(1).offloaded()).isEmpty();
    }

    @Test
    void quantizedKvTakesHalfTheHostBlocks() {
        // at 8 bits, B's and A's 2 GPU blocks take ceil(2 * 8 / 16) = 1 host block each: both fit 2 host blocks
        List<TraceEvent.Step> s = pressure(BASE.withBlocks(5, 16).withHost(2, 8));
        assertThat(s.get(1).offloaded()).containsExactly(1L, 0L);
        assertThat(s.get(1).preempted()).isEmpty();
    }

    @Test
    void aJobNeverRunsWhileOffloadedAndRunsAreDeterministic() {
        for (long seed = 1; seed <= 6; seed++) {
            List<Request> w = randomWorkload(seed);
            EngineConfig c = BASE.withBlocks(24, 16).withHost(seed % 2 == 0 ? 16 : 6, seed % 3 == 0 ? 16 : 8);
            Scheduler s = Schedulers.create("alise", "sarathi", Map.of("history-from", "0"));
            List<TraceEvent> a = new ArrayList<>();
            TraceEvent.End end = new Engine(c, s, a::add).run(w, "random", "none");
            assertThat(end.reason()).as("seed %d", seed).isEqualTo(TraceEvent.End.DONE);
            assertThat(end.violations()).as("seed %d", seed).isZero();
            Set<Long> onHost = new HashSet<>();
            int moves = 0;
            for (TraceEvent e : a) {
                if (!(e instanceof TraceEvent.Step st)) continue;
                onHost.addAll(st.offloaded());
                for (Slice x : st.slices()) {
                    assertThat(onHost).as("seed %d step %d", seed, st.index()).doesNotContain(x.requestId());
                }
                st.prefetched().forEach(onHost::remove);
                moves += st.offloaded().size();
            }
            assertThat(moves).as("seed %d: the pool is small enough to force offloads", seed).isPositive();
            List<TraceEvent> b = new ArrayList<>();
            new Engine(c, Schedulers.create("alise", "sarathi", Map.of("history-from", "0")), b::add)
                    .run(w, "random", "none");
            assertThat(b).as("seed %d", seed).isEqualTo(a);
        }
    }

    /** 40 requests, prompts 1..120, outputs 1..80, arrivals 0..20 ms apart. */
    static List<Request> randomWorkload(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        List<Request> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 40; i++) {
            out.add(new Request(i, "c", t, Prompt.single(seed * 1000 + i, 1 + rng.nextInt(120)), 1 + rng.nextInt(80)));
            t += rng.nextLong(20_000);
        }
        return out;
    }

    private static int firstStep(List<TraceEvent.Step> steps, java.util.function.Predicate<TraceEvent.Step> p) {
        for (int i = 0; i < steps.size(); i++) if (p.test(steps.get(i))) return i;
        throw new AssertionError("no such step");
    }
}
