package org.schedproof.engine.ltr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.batching.FakeView;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.predict.LengthPredictor;
import org.schedproof.spec.Batch;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.StepOutcome;
import org.schedproof.spec.trace.TraceEvent;

/** LTR's decisions (ALGORITHMS.md 5.4, 5.5) on hand-built states, each expected outcome derived in its comment. */
class LtrTest {
    static final EngineConfig CONFIG = EngineConfig.defaults().withBlocks(200, 16).withTokenBudget(100).withMaxRunning(8)
            .withWatermark(1);

    static LengthPredictor predictor(ToIntFunction<Request> f) {
        return new LengthPredictor() {
            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public int predict(Request request) {
                return f.applyAsInt(request);
            }
        };
    }

    /** An LTR with predictions by id that has seen every request of the view arrive. */
    static Ltr ltr(FakeView v, Map<Long, Integer> predictions, Ltr.Starvation starvation, int threshold, int quantum) {
        Ltr s = new Ltr(predictor(r -> predictions.get(r.id())), starvation, threshold, quantum, Ltr.Admission.FIT);
        List<FakeView.Live> all = new ArrayList<>(v.waiting());
        all.addAll(v.running());
        all.sort((a, b) -> Request.byArrival(a.request(), b.request()));
        for (FakeView.Live r : all) s.onArrival(r.request(), r.request().arrivalUs());
        return s;
    }

    /** Runs one iteration on an unchanging view: schedule, then report every slice as run. */
    static Batch step(Ltr s, FakeView v, long index) {
        Batch b = s.schedule(v.at(index, index));
        s.onStepEnd(new StepOutcome(index, index, 1, b.slices(), b.preemptions(), List.of(), List.of(), false));
        return b;
    }

    @Test
    void ltrPrefixSelectionTheScheduledSetIsTheLongestPrefixOfTheOrderUnderTheBudget() {
        // Order by prediction: 1 (30-token prompt), 2 (decode), 3 (80-token prompt), 4 (decode). Budget 100:
        // 30 + 1 + min(80, 69) = 100, so 3 is chunked to 69 and 4 gets no token: it is paused, not preempted.
        FakeView v = new FakeView(CONFIG, 100).waiting(1, 1, 30, 5).decoding(2, 0, 20, 9, 2).waiting(3, 2, 80, 5)
                .decoding(4, 0, 40, 9, 1);
        Batch b = ltr(v, Map.of(1L, 5, 2L, 10, 3L, 20, 4L, 30), Ltr.Starvation.ON, 200, 10).schedule(v);
        assertThat(b.slices()).containsExactly(new Slice(1, 0, 30), new Slice(2, 21, 1), new Slice(3, 0, 69));
        assertThat(b.preemptions()).isEmpty();
    }

    @Test
    void aWaitingRequestIsPassedOverWhileMaxRunningRequestsHoldKvAndTheWalkGoesOn() {
        // Cap 3 with 2 running: 1 is admitted (3 hold KV), 3 cannot be, decode 4 still runs; nothing is preempted.
        FakeView v = new FakeView(CONFIG.withMaxRunning(3), 100).waiting(1, 1, 30, 5).decoding(2, 0, 20, 9, 2)
                .waiting(3, 2, 80, 5).decoding(4, 0, 40, 9, 1);
        Batch b = ltr(v, Map.of(1L, 5, 2L, 10, 3L, 20, 4L, 30), Ltr.Starvation.ON, 200, 10).schedule(v);
        assertThat(b.slices()).containsExactly(new Slice(1, 0, 30), new Slice(2, 21, 1), new Slice(4, 40, 1));
        assertThat(b.preemptions()).isEmpty();
    }

    @Test
    void aShortArrivalPausesALongRunningRequestWhichKeepsItsKv() {
        // Long 0 decodes; short 1 (predicted 5 < 500) needs the whole budget of 100: only 1 runs, 0 is not preempted.
        FakeView v = new FakeView(CONFIG, 100).decoding(0, 0, 16, 50, 3).waiting(1, 10, 100, 2);
        Batch b = ltr(v, Map.of(0L, 500, 1L, 5), Ltr.Starvation.ON, 200, 10).schedule(v);
        assertThat(b.slices()).containsExactly(new Slice(1, 0, 100));
        assertThat(b.preemptions()).isEmpty();
    }

    @Test
    void inTheEngineAShortArrivalPausesTheLongRequestWithoutPreemptingIt() {
        // 0 (16-token prompt, 40 tokens out) decodes alone until 1 (a 100-token prompt = the budget) arrives at
        // 0.2 s: that step runs only 1; 0 resumes afterwards from its KV, never preempted.
        List<Request> w = List.of(FakeView.request(0, 0, 16, 40), FakeView.request(1, 200_000, 100, 2));
        Ltr s = new Ltr(predictor(r -> r.id() == 0 ? 500 : 5), Ltr.Starvation.ON, 200, 10, Ltr.Admission.FIT);
        List<TraceEvent> events = new ArrayList<>();
        TraceEvent.End end = new Engine(CONFIG, s, events::add).run(w, "test", "none");
        assertThat(end.reason()).isEqualTo(TraceEvent.End.DONE);
        List<TraceEvent.Step> steps = events.stream().filter(e -> e instanceof TraceEvent.Step)
                .map(e -> (TraceEvent.Step) e).toList();
        TraceEvent.Step first = steps.stream().filter(x -> x.slices().stream().anyMatch(y -> y.requestId() == 1))
                .findFirst().orElseThrow();
        assertThat(first.slices()).containsExactly(new Slice(1, 0, 100));
        assertThat(steps.stream().filter(x -> x.index() < first.index()))
                .as("0 was decoding before 1 arrived").anyMatch(x -> x.emitted().stream().anyMatch(e -> e.requestId() == 0));
        assertThat(steps).allMatch(x -> x.preempted().isEmpty());
        assertThat(events).filteredOn(e -> e instanceof TraceEvent.Completion c && c.requestId() == 0)
                .singleElement().matches(e -> ((TraceEvent.Completion) e).preemptions() == 0);
    }

    @Test
    void ltrStarvationPromotionAtIdleEqualToTheThresholdThenRunsForTheQuantumAndDemotes() {
        // One slot (cap 1): A (predicted 10) always wins unless B is promoted. S = 3, P = 2: B is idle after
        // iterations 0, 1, 2 (idle 3), promoted before iteration 3, runs 3 and 4 (runs 2 -> 0), is demoted before 5,
        // idle again after 5, 6, 7, promoted before 8, and so on with period S + P = 5.
        FakeView v = new FakeView(CONFIG.withMaxRunning(1), 100).waiting(0, 0, 50, 5).waiting(1, 1, 50, 5);
        Ltr s = ltr(v, Map.of(0L, 10, 1L, 100), Ltr.Starvation.ON, 3, 2);
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            Batch b = step(s, v, i);
            assertThat(b.slices()).hasSize(1);
            order.append(b.slices().get(0).requestId() == 0 ? 'A' : 'B');
            if (i == 2) assertThat(s.promoted(1)).as("idle 3 is reached only at the end of iteration 2").isFalse();
            if (i == 3) assertThat(s.promoted(1)).isTrue();
        }
        assertThat(order.toString()).isEqualTo("AAABBAAABBAAABB");
    }

    @Test
    void withoutStarvationControlTheLongRequestWaitsForever() {
        FakeView v = new FakeView(CONFIG.withMaxRunning(1), 100).waiting(0, 0, 50, 5).waiting(1, 1, 50, 5);
        Ltr s = ltr(v, Map.of(0L, 10, 1L, 100), Ltr.Starvation.OFF, 3, 2);
        for (int i = 0; i < 50; i++) assertThat(step(s, v, i).slices()).containsExactly(new Slice(0, 0, 50));
    }

    /** Free 3, watermark 1: room 2. Paused decodes 0 and 1 hold 4 blocks each; the short arrival 2 needs 4. */
    static FakeView pressure() {
        return new FakeView(CONFIG.withTokenBudget(64), 3).decoding(0, 0, 64, 9, 1).decoding(1, 1, 64, 9, 1)
                .waiting(2, 2, 64, 5);
    }

    @Test
    void admissionPreemptUnderKvPressurePausedRequestsArePreemptedLowestPriorityFirstAndOnlyAsNeeded() {
        // 2 takes the whole budget of 64; preempting 1 (predicted 300, lowest priority) frees 4 blocks: enough.
        Ltr s = new Ltr(predictor(r -> Map.of(0L, 200, 1L, 300, 2L, 5).get(r.id())), Ltr.Starvation.ON, 200, 10,
                Ltr.Admission.PREEMPT);
        pressure().waiting().forEach(r -> s.onArrival(r.request(), 0));
        pressure().running().forEach(r -> s.onArrival(r.request(), 0));
        Batch b = s.schedule(pressure());
        assertThat(b.slices()).containsExactly(new Slice(2, 0, 64));
        assertThat(b.preemptions()).containsExactly(1L);
    }

    @Test
    void admissionFitPassesOverAnArrivalWhoseBlocksDoNotFitAndRunsThePausedInstead() {
        // 2 needs 4 blocks of a room of 2: passed over; decodes 0 and 1 each need one block for token 65: room 2.
        FakeView v = pressure();
        Batch b = ltr(v, Map.of(0L, 200, 1L, 300, 2L, 5), Ltr.Starvation.ON, 200, 10).schedule(v);
        assertThat(b.slices()).containsExactly(new Slice(0, 64, 1), new Slice(1, 64, 1));
        assertThat(b.preemptions()).isEmpty();
    }

    @Test
    void admissionFitCapsAPredictionPastThePoolAtTheLargestSequenceAndAdmitsItOnceThePoolIsEmpty() {
        // 18 blocks of 1, watermark 2: the largest sequence is 16. 0 (11 + 5 tokens) fits it but is predicted 100
        // (111 blocks): the fit test reserves min(111, 16) = 16, more than is left while 1 (2 + 2, predicted 1, first
        // in the order) holds KV, so 0 waits for 1 to finish, then runs alone; uncapped it would wait forever.
        List<Request> w = List.of(FakeView.request(0, 0, 11, 5), FakeView.request(1, 0, 2, 2));
        Ltr s = new Ltr(predictor(r -> r.id() == 0 ? 100 : 1), Ltr.Starvation.OFF, 200, 10, Ltr.Admission.FIT);
        List<TraceEvent> events = new ArrayList<>();
        EngineConfig small = CONFIG.withBlocks(18, 1).withWatermark(2).withTokenBudget(4).withMaxRunning(2);
        TraceEvent.End end = new Engine(small, s, events::add).run(w, "test", "none");
        assertThat(end.reason()).isEqualTo(TraceEvent.End.DONE);
        List<TraceEvent.Step> steps = events.stream().filter(e -> e instanceof TraceEvent.Step)
                .map(e -> (TraceEvent.Step) e).toList();
        TraceEvent.Step firstOfZero = steps.stream().filter(x -> x.slices().stream().anyMatch(y -> y.requestId() == 0))
                .findFirst().orElseThrow();
        TraceEvent.Step lastOfOne = steps.stream().filter(x -> x.slices().stream().anyMatch(y -> y.requestId() == 1))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(firstOfZero.index()).isGreaterThan(lastOfOne.index());
        assertThat(steps).allMatch(x -> x.preempted().isEmpty());
    }

    @Test
    void admissionFitPreemptsThePausedForTheGrowthOfSelectedDecodes() {
        // Free 1, watermark 1: room 0. Decode 0 (first in order) needs a block: paused 1's preemption makes room;
        // 1 is selected too, so the lowest-priority unselected is... none: the tail (1) is dropped and preempted.
        FakeView v = new FakeView(CONFIG.withTokenBudget(64), 1).decoding(0, 0, 64, 9, 1).decoding(1, 1, 64, 9, 1);
        Batch b = ltr(v, Map.of(0L, 200, 1L, 300), Ltr.Starvation.ON, 200, 10).schedule(v);
        assertThat(b.slices()).containsExactly(new Slice(0, 64, 1));
        assertThat(b.preemptions()).containsExactly(1L);
    }

    @Test
    void ltrStaticScoreEachRequestIsPredictedOnceWhateverTheIterations() {
        // A predictor whose answer changes at every call: the order may use only the first answer per request.
        AtomicInteger calls = new AtomicInteger();
        Ltr s = new Ltr(predictor(r -> 1 + calls.getAndIncrement() % 7), Ltr.Starvation.ON, 5, 2, Ltr.Admission.FIT);
        List<Request> w = new ArrayList<>();
        for (int i = 0; i < 30; i++) w.add(FakeView.request(i, i * 1_000L, 20 + 7 * i, 5 + i % 9));
        List<TraceEvent> events = new ArrayList<>();
        TraceEvent.End end = new Engine(CONFIG.withMaxRunning(4), s, events::add).run(w, "test", "none");
        assertThat(end.reason()).isEqualTo(TraceEvent.End.DONE);
        assertThat(end.violations()).isZero();
        assertThat(end.steps()).isGreaterThan(30);
        assertThat(calls.get()).isEqualTo(30);
    }

    @Test
    void eachPredictionIsInTheWitnessOfTheFirstStepAfterItsArrivalAndNowhereElse() {
        // 0 arrives at 0 (step 0 shows its 7); 1 arrives at 200 ms, while 0 still decodes its 40 tokens, so the first
        // step starting after 200 ms shows its 3; no other step names a prediction.
        List<Request> w = List.of(FakeView.request(0, 0, 16, 40), FakeView.request(1, 200_000, 100, 2));
        Ltr s = new Ltr(predictor(r -> r.id() == 0 ? 7 : 3), Ltr.Starvation.OFF, 200, 10, Ltr.Admission.FIT);
        List<TraceEvent> events = new ArrayList<>();
        new Engine(CONFIG, s, events::add).run(w, "test", "none");
        List<TraceEvent.Step> steps = events.stream().filter(e -> e instanceof TraceEvent.Step)
                .map(e -> (TraceEvent.Step) e).toList();
        TraceEvent.Step after = steps.stream().filter(x -> x.startUs() >= 200_000).findFirst().orElseThrow();
        assertThat(steps.get(0).witness()).isEqualTo(Map.of("promoted", 0L, "ltr.pred.0", 7L));
        assertThat(after.witness()).isEqualTo(Map.of("promoted", 0L, "ltr.pred.1", 3L));
        assertThat(steps).filteredOn(x -> x != steps.get(0) && x != after)
                .allMatch(x -> x.witness().equals(Map.of("promoted", 0L)));
    }

    @Test
    void theRegistryBuildsLtrWithItsOptionsRecorded() {
        var s = Schedulers.create("ltr", "sarathi", Map.of("predictor", "oracle-noise", "tau", "0.8", "threshold", "50", "starvation", "on"));
        assertThat(s.name()).isEqualTo("ltr");
        assertThat(s.parameters()).containsEntry("predictor", "oracle-noise").containsEntry("tau", "0.8")
                .containsEntry("seed", "0").containsEntry("starvation", "on").containsEntry("threshold", "50")
                .containsEntry("quantum", "10");
        assertThat(Schedulers.create("ltr", "sarathi", Map.of("predictor", "learned")).parameters())
                .containsEntry("ranker", "all");
        assertThatThrownBy(() -> Schedulers.create("ltr", "sarathi", Map.of("predictor", "psychic")))
                .hasMessageContaining("unknown predictor 'psychic'").hasMessageContaining("oracle-noise");
        assertThatThrownBy(() -> Schedulers.create("ltr", "sarathi", Map.of("threshold", "0")))
                .hasMessageContaining("threshold=0");
    }
}
