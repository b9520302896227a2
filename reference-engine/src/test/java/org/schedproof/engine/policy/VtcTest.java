package org.schedproof.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.Schedulers;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.StepOutcome;

/** VTC's decisions on hand-built situations (spec/FAIRNESS.md section 2); expected values are derived in comments. */
class VtcTest {
    @Test
    void admitsTheHeadOfTheLeastCounterClientAndReRanksAfterEachAdmission() {
        Driver d = new Driver("vtc", Map.of());
        d.arrive(0, "A", 10, 1);
        d.arrive(1, "A", 10, 1);
        d.arrive(2, "B", 4, 1);
        d.arrive(3, "B", 4, 1);
        d.arrive(4, "B", 4, 1);
        // A,B at 0: A (first seen) -> A=10; B 0 -> 4 -> 8 -> 12, each below A's 10 until then; then A's second.
        assertThat(d.admit(99)).containsExactly(0L, 2L, 3L, 4L, 1L);
        d.end(List.of(), List.of());
        assertThat(d.vtc.counter("A")).isEqualTo(20);
        assertThat(d.vtc.counter("B")).isEqualTo(12);
    }

    @Test
    void equalCountersGoToTheClientSeenFirstNotTheSmallestName() {
        Driver d = new Driver("vtc", Map.of());
        d.arrive(0, "zeta", 8, 1);
        d.arrive(1, "alpha", 8, 1);
        assertThat(d.admit(1)).containsExactly(0L);
    }

    @Test
    void servesAClientInArrivalOrderAndAPreemptedRequestReturnsToItsPlaceAndPaysForItsRecomputedPrompt() {
        Driver d = new Driver("vtc", Map.of());
        d.arrive(0, "A", 10, 5);
        d.arrive(1, "A", 10, 5);
        d.arrive(2, "A", 10, 5);
        assertThat(d.admit(1)).containsExactly(0L); // A = 10
        d.end(List.of(0L), List.of()); // + 2 = 12
        assertThat(d.admit(1)).containsExactly(1L); // 22
        d.end(List.of(1L), List.of(), 0L); // 24; request 0 preempted back to waiting
        assertThat(d.admit(99)).containsExactly(0L, 2L); // 0's prompt is computed again: 34, then 2: 44
        d.end(List.of(), List.of());
        assertThat(d.vtc.counter("A")).isEqualTo(44);
    }

    @Test
    void chargesThePromptAtAdmissionAndEachTokenAtTheStepEndWithTheWitnessBeforeTheStepsAdmissions() {
        Driver d = new Driver("vtc", Map.of());
        d.arrive(0, "A", 100, 3);
        d.admit(1);
        assertThat(d.vtc.witness()).containsEntry("vtc.c.A", 0L); // the witness of the admitting step
        d.end(List.of(0L), List.of()); // 100 + 2
        assertThat(d.vtc.counter("A")).isEqualTo(102);
        d.end(List.of(0L), List.of());
        d.end(List.of(0L), List.of(0L));
        assertThat(d.vtc.witness()).containsEntry("vtc.c.A", 106L);
    }

    @Test
    void chargesOnlyThePromptPositionsASliceComputesNotThoseTheCacheSupplies() {
        Driver d = new Driver("vtc", Map.of());
        d.arrive(0, "A", 100, 3);
        d.arrive(1, "B", 100, 3);
        Ordering.Pass pass = d.vtc.pass(d.view());
        RequestView a = pass.next();
        pass.admitted(a, 32, 20); // 32 positions from the cache, a 20-token chunk: A ranks at 20
        assertThat(pass.next().id()).as("B (0) now ranks below A (20)").isEqualTo(1L);
        // the step ran A's chunk [32, 52) only; the next step computes [52, 100) and emits
        d.vtc.onStepEnd(new StepOutcome(0, 0, 1, List.of(new Slice(0, 32, 20)), List.of(), List.of(), List.of(), false));
        assertThat(d.vtc.counter("A")).isEqualTo(20);
        d.vtc.pass(d.view());
        d.vtc.onStepEnd(new StepOutcome(1, 0, 1, List.of(new Slice(0, 52, 48)), List.of(), List.of(0L), List.of(), false));
        assertThat(d.vtc.counter("A")).isEqualTo(20 + 48 + 2);
    }

    @ParameterizedTest
    @CsvSource({"once, 12, 12, 14", "artifact, 14, 14, 16"})
    void theArtifactChargesEveryEmitterOnceMoreInAStepWhereARequestFinishes(String mode, long a, long b1, long b2) {
        Driver d = new Driver("vtc", Map.of("output-charge", mode));
        d.arrive(0, "A", 10, 1);
        d.arrive(1, "B", 10, 3);
        d.admit(99);
        // both emit, A finishes: once 10 + 2 each; artifact 10 + 2 + 2 each
        d.end(List.of(0L, 1L), List.of(0L));
        assertThat(d.vtc.counter("A")).isEqualTo(a);
        assertThat(d.vtc.counter("B")).isEqualTo(b1);
        d.end(List.of(1L), List.of()); // nothing finishes: + 2 in both modes
        assertThat(d.vtc.counter("B")).isEqualTo(b2);
    }

    /** B leaves at 12 while A keeps being served up to 36; then B returns while A still waits. */
    @ParameterizedTest
    @CsvSource({"vtc, paper, 36, 3 11", "vtc, artifact, 36, 3 11", "lcf, , 12, 11 3"})
    void aClientReturningWhileOthersWaitIsLiftedToTheLeastWaitingCounter(String policy, String lift, long b,
                                                                          String order) {
        Driver d = new Driver(policy, lift == null ? Map.of() : Map.of("lift", lift));
        d.arrive(0, "A", 10, 1);
        d.arrive(1, "A", 10, 1);
        d.arrive(2, "A", 10, 1);
        d.arrive(3, "A", 10, 1);
        d.arrive(10, "B", 10, 1);
        assertThat(d.admit(2)).containsExactly(0L, 10L); // A 10, B 10 (B leaves the queue)
        d.end(List.of(0L, 10L), List.of(0L, 10L)); // A 12, B 12
        assertThat(d.admit(1)).containsExactly(1L);
        d.end(List.of(1L), List.of(1L)); // A 24
        assertThat(d.admit(1)).containsExactly(2L);
        d.end(List.of(2L), List.of(2L)); // A 36; request 3 still waits
        d.arrive(11, "B", 10, 1);
        assertThat(d.vtc.counter("B")).isEqualTo(b);
        // lifted: a tie at 36 goes to A (seen first); LCF: B's banked 12 wins
        assertThat(d.admit(99)).containsExactly(Arrays.stream(order.split(" ")).map(Long::valueOf).toArray(Long[]::new));
    }

    /** A and B leave the queue (B last, at 32); then A returns to an empty queue. */
    @ParameterizedTest
    @CsvSource({"vtc, paper, 32", "vtc, artifact, 12", "lcf, , 12"})
    void aClientReturningToAnEmptyQueueIsLiftedToTheLastLeaverOnlyInPaperMode(String policy, String lift, long a) {
        Driver d = new Driver(policy, lift == null ? Map.of() : Map.of("lift", lift));
        d.arrive(0, "A", 10, 1);
        d.arrive(1, "B", 30, 1);
        assertThat(d.admit(99)).containsExactly(0L, 1L); // A 10, then B 30: B left last
        d.end(List.of(0L, 1L), List.of(0L, 1L)); // A 12, B 32
        d.arrive(2, "A", 10, 1);
        assertThat(d.vtc.counter("A")).isEqualTo(a);
    }

    @Test
    void aPreemptedRequestThatMakesItsClientBackloggedLiftsIt() {
        Driver d = new Driver("vtc", Map.of());
        d.arrive(0, "A", 10, 9);
        d.arrive(1, "B", 10, 9);
        d.arrive(2, "B", 10, 9);
        d.arrive(3, "B", 10, 9);
        assertThat(d.admit(1)).containsExactly(0L); // A 10
        d.end(List.of(0L), List.of()); // A 12
        assertThat(d.admit(2)).containsExactly(1L, 2L); // B 10, 20; B keeps request 3 waiting
        d.end(List.of(0L, 1L, 2L), List.of()); // A 14, B 24
        d.admit(0);
        d.end(List.of(), List.of(), 0L); // A's queue 0 -> 1: lifted to B's 24
        assertThat(d.vtc.counter("A")).isEqualTo(24);
    }

    @Test
    void weightsDivideEveryChargeExactlyInUnitsOfTheirLcm() {
        Driver d = new Driver("vtc", Map.of("weights", "A:2"));
        assertThat(d.vtc.parameters()).containsEntry("scale", "2").containsEntry("weights", "A:2");
        for (int i = 0; i < 4; i++) d.arrive(i, "A", 10, 1);
        for (int i = 4; i < 8; i++) d.arrive(i, "B", 10, 1);
        // A pays 10 per prompt, B 20: A0 (tie) 10 | B 20 | A 20 | A 30 (tie at 20) | B 40 | A 40 | B 60 | B 80
        assertThat(d.admit(99)).containsExactly(0L, 4L, 1L, 2L, 5L, 3L, 6L, 7L);
        d.end(List.of(), List.of());
        assertThat(d.vtc.counter("A")).isEqualTo(40);
        assertThat(d.vtc.counter("B")).isEqualTo(80);
    }

    @Test
    void reserveMaxOutputStopsThePassAtTheFirstMisfitWithoutSkippingToAFittingClient() {
        // 20 blocks of 16, no watermark. A's running request will reach 160 tokens = 10 blocks.
        EngineConfig tiny = EngineConfig.defaults().withBlocks(20, 16).withWatermark(0);
        for (String admission : List.of("reserve-max-output", "former")) {
            Driver d = new Driver("vtc", Map.of("admission", admission, "lift", "artifact"), tiny);
            d.arrive(0, "A", 100, 60);
            d.admit(1);
            d.end(List.of(0L), List.of()); // A 102
            d.arrive(1, "B", 100, 100); // nobody waits: no lift (artifact), B 0; 200 tokens = 13 blocks
            d.arrive(2, "A", 16, 16); // lifted to max(102, 0); 2 blocks would fit
            Ordering.Pass pass = d.vtc.pass(d.view());
            RequestView first = pass.next();
            if (admission.equals("former")) {
                assertThat(first.id()).isEqualTo(1L);
            } else {
                assertThat(first).as("10 + 13 > 20 blocks").isNull();
                assertThat(pass.next()).isNull();
            }
        }
    }

    @Test
    void aPassEndsAtTheFirstRequestOfferedAndNotAdmitted() {
        Driver d = new Driver("vtc", Map.of());
        d.arrive(0, "A", 10, 1);
        d.arrive(1, "B", 10, 1);
        Ordering.Pass pass = d.vtc.pass(d.view());
        assertThat(pass.next().id()).isEqualTo(0L);
        assertThat(pass.next()).isNull();
        assertThat(pass.next()).isNull();
    }

    @Test
    void aRejectedStepLeavesCountersAndQueuesAsBefore() {
        Driver d = new Driver("vtc", Map.of());
        d.arrive(0, "A", 10, 1);
        Ordering.Pass pass = d.vtc.pass(d.view());
        RequestView r = pass.next();
        pass.admitted(r, 0, r.sequenceLength());
        d.vtc.onStepEnd(new StepOutcome(0, 0, 1, List.of(), List.of(), List.of(), List.of(), true));
        assertThat(d.vtc.counter("A")).isZero();
        assertThat(d.vtc.pass(d.view()).next().id()).isEqualTo(0L);
    }

    @Test
    void badOptionsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> Schedulers.create("vtc", "sarathi", Map.of("lift", "sometimes")))
                .hasMessageContaining("lift=sometimes").hasMessageContaining("[paper, artifact, none]");
        assertThatThrownBy(() -> Schedulers.create("vtc", "sarathi", Map.of("weights", "A:0")))
                .hasMessageContaining("'A:0' is not CLIENT:WEIGHT");
        assertThatThrownBy(() -> Schedulers.create("vtc", "sarathi", Map.of("weights", "A:1,A:2")))
                .hasMessageContaining("client 'A' is given twice");
        assertThatThrownBy(() -> Schedulers.create("lcf", "sarathi", Map.of("lift", "paper")))
                .hasMessageContaining("unknown option(s) [lift]");
        assertThat(Schedulers.create("lcf", "prefill-first").parameters()).containsEntry("lift", "none")
                .containsEntry("input-price", "1").containsEntry("output-price", "2").containsEntry("ordering", "lcf");
    }

    // ---- a hand-driven engine: the test says what arrives, what the pass admits, and what each step did ----

    record Req(Request request, int computed, int generated, int blocksHeld, int preemptions) implements RequestView {}

    record View(EngineConfig config, List<Req> waiting, List<Req> running) implements EngineView {
        public long nowUs() {
            return 0;
        }

        public long stepIndex() {
            return 0;
        }

        public int freeBlocks() {
            return config.numBlocks();
        }

        public int evictableBlocks() {
            return 0;
        }

        public int cachedPrefixTokens(long id) {
            return 0;
        }

        public int cachedPrefixEvictableBlocks(long id) {
            return 0;
        }

        public int releasableBlocks(long id) {
            return 0;
        }
    }

    static final class Driver {
        final Vtc vtc;
        final EngineConfig config;
        final List<Req> waiting = new ArrayList<>();
        final List<Req> running = new ArrayList<>();
        final List<Long> admitted = new ArrayList<>();
        long step;

        Driver(String policy, Map<String, String> options) {
            this(policy, options, EngineConfig.defaults());
        }

        Driver(String policy, Map<String, String> options, EngineConfig config) {
            PolicyOptions o = new PolicyOptions(policy, options);
            this.vtc = policy.equals("lcf") ? Vtc.lcf(o) : Vtc.vtc(o);
            o.requireAllKnown();
            this.config = config;
        }

        View view() {
            return new View(config, List.copyOf(waiting), List.copyOf(running));
        }

        void arrive(long id, String client, int prompt, int out) {
            Request r = new Request(id, client, id, Prompt.single(id, prompt), out);
            vtc.onArrival(r, id);
            waiting.add(new Req(r, 0, 0, 0, 0));
            waiting.sort(Comparator.comparing(Req::request, Request::byArrival));
        }

        /** Runs a pass admitting everything offered, up to {@code limit}; the ids in admission order. */
        List<Long> admit(int limit) {
            View v = view();
            Ordering.Pass pass = vtc.pass(v);
            admitted.clear();
            for (RequestView r; admitted.size() < limit && (r = pass.next()) != null; ) {
                pass.admitted(r, 0, r.sequenceLength());
                admitted.add(r.id());
            }
            return List.copyOf(admitted);
        }

        /**
         * The step ran: the last pass's admissions (whole prompts, no cache hit) start running, every other emitter
         * decoded, then emits, finishes and preemptions.
         */
        void end(List<Long> emitted, List<Long> finished, Long... preempted) {
            List<Slice> ran = new ArrayList<>();
            for (long id : admitted) {
                Req r = take(waiting, id);
                running.add(new Req(r.request(), 0, r.generated(), 0, r.preemptions()));
                ran.add(new Slice(id, 0, r.request().promptLength()));
            }
            for (long id : emitted) {
                Req r = take(running, id);
                if (!admitted.contains(id)) ran.add(new Slice(id, r.sequenceLength() - 1, 1));
                running.add(new Req(r.request(), 0, r.generated() + 1, 0, r.preemptions()));
            }
            admitted.clear();
            for (long id : finished) take(running, id);
            for (long id : preempted) {
                Req r = take(running, id);
                waiting.add(new Req(r.request(), 0, r.generated(), 0, r.preemptions() + 1));
                waiting.sort(Comparator.comparing(Req::request, Request::byArrival));
            }
            vtc.onStepEnd(new StepOutcome(step++, 0, 1, ran, List.of(preempted), emitted, finished, false));
        }

        private static Req take(List<Req> list, long id) {
            Req r = list.stream().filter(x -> x.id() == id).findFirst().orElseThrow();
            list.remove(r);
            return r;
        }
    }
}
