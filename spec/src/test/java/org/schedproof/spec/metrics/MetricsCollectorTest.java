package org.schedproof.spec.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.trace.SampleTraces;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;

/** METRICS.md on small traces whose every number is worked out by hand in the comments. */
class MetricsCollectorTest {
    @TempDir
    Path dir;

    /**
     * Clients A (requests 0 and 2) and B (request 1); chunked prefill, a prefix hit, a preemption and a
     * re-admission. Step k runs [S_k, E_k):
     * <pre>
     *  arrivals  r0 A P=8 3 tokens at 0; r1 B P=4 2 tokens at 0
     *  step 0 [0,10)   r0 [0,6)                                  backlogged at start: A (r0), B (r1)
     *  arrival   r2 A P=4 1 token at 10
     *  step 1 [10,20)  r0 [6,8) emits 1;  r1 [0,4) emits 1        backlogged: A (r2 waits), B (r1)
     *  step 2 [20,25)  preempt r0; r1 [4,5) emits 2, done;        backlogged: A (r2) only
     *                  r2 hit 2, [2,4) emits 1, done
     *  step 3 [25,40)  r0 re-admitted, [0,9) emits 2              backlogged: A (r0 waits after preemption)
     *  step 4 [40,45)  r0 [9,10) emits 3, done                    backlogged: none
     * </pre>
     */
    static List<TraceEvent> twoClients() {
        return new TraceBuilder()
                .arrival(0, "A", 0, 8, 3).arrival(1, "B", 0, 4, 2)
                .step(10).slice(0, 0, 6).done()
                .arrival(2, "A", 10, 4, 1)
                .step(10).slice(0, 6, 2).slice(1, 0, 4).emit(0).emit(1).done()
                .step(5).preempt(0).slice(1, 4, 1).slice(2, 2, 2).hit(2, 2).emit(1).emit(2).finish(1).finish(2).done()
                .step(15).slice(0, 0, 9).emit(0).done()
                .step(5).slice(0, 9, 1).emit(0).finish(0).done()
                .end("done").events();
    }

    @Test
    void ttftIsTheEndOfTheFirstEmittingStepMinusArrival() {
        Summary s = MetricsCollector.of(twoClients());
        // r0: first token at the end of step 1, 20 - 0 = 20; r1: 20 - 0 = 20; r2: end of step 2, 25 - 10 = 15.
        // Sorted [15, 20, 20]: p50 rank ceil(1.5) = 2 -> 20; p90 ceil(2.7) = 3 -> 20; p99 ceil(2.97) = 3 -> 20.
        assertThat(s.ttftUs()).isEqualTo(new Distribution(3, 15, 20, 20, 20, 20, 55.0 / 3));
    }

    @Test
    void tbtPoolsTheGapsOfEveryRequest() {
        Summary s = MetricsCollector.of(twoClients());
        // r0 emits at 20, 40, 45 -> gaps 20 (through its preemption), 5; r1 at 20, 25 -> 5; r2 emits once -> none.
        // Pooled [5, 5, 20]: p50 rank 2 -> 5; p90 rank ceil(2.7) = 3 -> 20; p99 -> 20; mean 30 / 3 = 10.
        assertThat(s.tbtUs()).isEqualTo(new Distribution(3, 5, 5, 20, 20, 20, 10.0));
    }

    @Test
    void endToEndNormalizedAndThroughput() {
        Summary s = MetricsCollector.of(twoClients());
        // E2E: r1 25 - 0 = 25, r2 25 - 10 = 15, r0 45 - 0 = 45 -> sorted [15, 25, 45], p50 = 25, mean 85 / 3.
        assertThat(s.e2eUs()).isEqualTo(new Distribution(3, 15, 25, 45, 45, 45, 85.0 / 3));
        // Normalized: 25/2 = 12.5, 15/1 = 15, 45/3 = 15 -> mean 42.5 / 3.
        assertThat(s.meanNormalizedUs()).isCloseTo(42.5 / 3, within(1e-12));
        // Span: first arrival 0 to end 45 = 45 us; 3 requests and 6 tokens (3 + 2 + 1).
        assertThat(s.startUs()).isZero();
        assertThat(s.endUs()).isEqualTo(45);
        assertThat(s.durationUs()).isEqualTo(45);
        assertThat(s.tokensEmitted()).isEqualTo(6);
        assertThat(s.requestsPerSecond()).isCloseTo(3e6 / 45, within(1e-6));
        assertThat(s.tokensPerSecond()).isCloseTo(6e6 / 45, within(1e-6));
        assertThat(s.requestsArrived()).isEqualTo(3);
        assertThat(s.requestsCompleted()).isEqualTo(3);
        assertThat(s.steps()).isEqualTo(5);
        assertThat(s.endReason()).isEqualTo("done");
    }

    @Test
    void hitRateCountsEveryAdmissionWithItsWholeSequence() {
        Summary s = MetricsCollector.of(twoClients());
        // Admissions: r0 in step 0 (L = 8), r1 in step 1 (L = 4), r2 in step 2 (L = 4), and r0 again in step 3
        // after its preemption, with 1 token generated: L = 8 + 1 = 9. A = 25. Hits: r2's 2 tokens. 2 / 25 = 0.08.
        assertThat(s.admissions()).isEqualTo(4);
        assertThat(s.admittedTokens()).isEqualTo(25);
        assertThat(s.hitTokens()).isEqualTo(2);
        assertThat(s.prefixHitRate()).isEqualTo(0.08);
        assertThat(s.preemptions()).isEqualTo(1);
    }

    @Test
    void servicePerClientWithVtcPrices() {
        Summary s = MetricsCollector.of(twoClients());
        // w_p = 1 per prompt position computed, w_q = 2 per token emitted.
        // A: step 0 r0 [0,6) -> 6; step 1 r0 [6,8) 2 + emit 2 -> 4; step 2 r2 [2,4) 2 + emit 2 -> 4
        //    (the 2 hit tokens are not computed); step 3 r0 [0,9): prompt part [0,8) 8 + emit 2 -> 10;
        //    step 4 r0 [9,10) is not prompt, emit 2 -> 2. Total 6 + 4 + 4 + 10 + 2 = 26.
        // B: step 1 r1 [0,4) 4 + emit 2 -> 6; step 2 r1 [4,5) not prompt, emit 2 -> 2. Total 8.
        assertThat(s.serviceByClient()).containsExactly(Map.entry("A", 26L), Map.entry("B", 8L));
        // Jain: (26 + 8)^2 / (2 * (26^2 + 8^2)) = 1156 / 1480.
        assertThat(s.jainIndex()).isCloseTo(1156.0 / 1480, within(1e-15));

        // Plain token counts (w_p = w_q = 1): A 6 + 3 + 3 + 9 + 1 = 22, B 5 + 1 = 6.
        MetricsCollector plain = new MetricsCollector(1, 1);
        twoClients().forEach(plain);
        assertThat(plain.summary().serviceByClient()).containsExactly(Map.entry("A", 22L), Map.entry("B", 6L));
    }

    @Test
    void serviceGapOnlyWhileBothAreBacklogged() {
        Summary s = MetricsCollector.of(twoClients());
        // A and B are both backlogged at the starts of steps 0 and 1 only (at step 2 B's only request runs).
        // W(A) - W(B): step 0 6 - 0 = +6, step 1 4 - 6 = -2. Prefix sums 0, 6, 4: max 6 after step 0, min 0
        // before it: gap 6 over steps [0, 1). Steps 2-4 give A 16 more, but B is not backlogged, so no gap grows.
        assertThat(s.maxServiceGap()).isEqualTo(new Summary.ServiceGap(6, "A", "B", 0, 1));
    }

    /**
     * Both clients keep one request running and one waiting (so both are backlogged) through steps 0-3; only
     * prompt chunks run (prices 1 per prompt token), W(A) - W(B) per step: +3, -5, -2, +1. Then B's waiting
     * request is admitted (B not backlogged at step 5), and a new B request arrives: a new joint run from step 6.
     */
    @Test
    void maxServiceGapIsTheLargestSwingInsideOneRun() {
        List<TraceEvent> t = new TraceBuilder()
                .arrival(0, "A", 0, 100, 1).arrival(1, "B", 0, 100, 1)
                .arrival(2, "A", 0, 100, 1).arrival(3, "B", 0, 100, 1)
                .step(1).slice(0, 0, 4).slice(1, 0, 1).done()      // step 0: A 4, B 1 -> +3
                .step(1).slice(0, 4, 1).slice(1, 1, 6).done()      // step 1: A 1, B 6 -> -5
                .step(1).slice(0, 5, 1).slice(1, 7, 3).done()      // step 2: A 1, B 3 -> -2
                .step(1).slice(0, 6, 2).slice(1, 10, 1).done()     // step 3: A 2, B 1 -> +1
                .step(1).slice(3, 0, 1).done()                     // step 4: B admits r3; B backlogged at its start
                .step(1).slice(0, 8, 20).done()                    // step 5: only A backlogged: A +20 counts nowhere
                .arrival(4, "B", 6, 100, 1)
                .step(1).slice(0, 28, 1).slice(1, 11, 2).done()    // step 6: new run, A 1, B 2 -> -1
                .end("max-steps").events();
        Summary s = MetricsCollector.of(t);
        // Run 1 covers steps 0-4 (at step 4's start B still has r3 waiting); step 4 gives B +1 -> -1.
        // Prefix sums: 0, 3, -2, -4, -3, -4. Max 3 after step 0, min -4 after step 2: gap 7 over steps [1, 3).
        // Run 2 (step 6 only): prefix 0, -1: gap 1. Had the runs been merged, step 5's +20 would make 24+.
        assertThat(s.maxServiceGap()).isEqualTo(new Summary.ServiceGap(7, "A", "B", 1, 3));
        assertThat(s.endReason()).isEqualTo("max-steps");
        assertThat(s.requestsCompleted()).isZero();
        assertThat(s.e2eUs().count()).isZero();
        assertThat(s.ttftUs().count()).isZero();
    }

    /** A rejected step applies nothing: no admission, no preemption, no service; its violations still count. */
    @Test
    void rejectedStepsCountOnlyTheirViolations() {
        List<TraceEvent> t = new TraceBuilder()
                .arrival(0, "A", 0, 4, 1)
                .step(3).rejected().slice(0, 0, 4).slice(7, 0, 1).violation("budget", -1)
                        .violation("unknown-request", 7).done()
                .step(5).slice(0, 0, 4).emit(0).finish(0).done()
                .end("done").events();
        Summary s = MetricsCollector.of(t);
        // Only step 1 admits r0 (L = 4); service A = 4 prompt + 2 for the token; TTFT = end of step 1 = 3 + 5 = 8.
        assertThat(s.admissions()).isEqualTo(1);
        assertThat(s.admittedTokens()).isEqualTo(4);
        assertThat(s.serviceByClient()).containsExactly(Map.entry("A", 6L));
        assertThat(s.ttftUs().p50()).isEqualTo(8);
        assertThat(s.violations()).isEqualTo(2);
        assertThat(s.violationsByRule()).containsExactly(Map.entry("budget", 1L), Map.entry("unknown-request", 1L));
        assertThat(s.preemptions()).isZero();
        // One client only: Jain's index is 1 and there is no pair for a gap.
        assertThat(s.jainIndex()).isEqualTo(1.0);
        assertThat(s.maxServiceGap()).isEqualTo(Summary.ServiceGap.NONE);
    }

    @Test
    void throughputSpanStartsAtTheFirstArrival() {
        List<TraceEvent> t = new TraceBuilder()
                .arrival(0, "A", 1000, 2, 1)
                .step(250).slice(0, 0, 2).emit(0).finish(0).done()
                .end("done").events();
        Summary s = MetricsCollector.of(t);
        // Span 1000 .. 1250 = 250 us: 1 request / 250 us = 4000 req/s; 1 token -> 4000 tokens/s.
        assertThat(s.durationUs()).isEqualTo(250);
        assertThat(s.requestsPerSecond()).isEqualTo(4000.0);
        assertThat(s.tokensPerSecond()).isEqualTo(4000.0);
    }

    @Test
    void aTraceWithoutArrivalsHasZeroRates() {
        Summary s = MetricsCollector.of(new TraceBuilder().end("done").events());
        assertThat(s.durationUs()).isZero();
        assertThat(s.requestsPerSecond()).isZero();
        assertThat(s.prefixHitRate()).isZero();
        assertThat(s.jainIndex()).isEqualTo(1.0);
        assertThat(s.table()).contains("requests            0 arrived, 0 completed");
    }

    @Test
    void eventsForRequestsThatNeverArrivedAreReported() {
        MetricsCollector c = new MetricsCollector();
        c.accept(new TraceEvent.Arrival(0, new Request(0, "A", 0, Prompt.single(1, 4), 1)));
        assertThatThrownBy(() -> c.accept(SampleTraces.step(0, 0, 1, List.of(), List.of(), List.of(),
                List.of(new TraceEvent.Emit(9, -1)), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("step 0 has an emitted token for request 9, which has not arrived or has completed");
    }

    @Test
    void summaryBeforeTheEndLineUsesTheLatestTime() {
        List<TraceEvent> t = twoClients();
        MetricsCollector c = new MetricsCollector();
        t.subList(0, t.size() - 1).forEach(c);
        Summary s = c.summary();
        assertThat(s.endReason()).isNull();
        assertThat(s.endUs()).isEqualTo(45);
        assertThat(s.table()).contains("(no end line)");
    }

    @Test
    void readsATraceFileAsAStreamAndAgreesWithTheEnd() throws Exception {
        for (long seed = 1; seed <= 10; seed++) {
            List<TraceEvent> events = SampleTraces.random(seed, 2_000, seed % 2 == 0);
            Path file = dir.resolve("t" + seed + ".jsonl");
            Files.write(file, TraceWriter.toBytes(events));
            Summary s = MetricsCollector.of(file);
            TraceEvent.End end = (TraceEvent.End) events.get(events.size() - 1);
            assertThat(s.steps()).as("seed %d", seed).isEqualTo(end.steps());
            assertThat(s.requestsCompleted()).as("seed %d", seed).isEqualTo(end.completed());
            assertThat(s.violations()).as("seed %d", seed).isEqualTo(end.violations());
            assertThat(s.e2eUs().count()).as("seed %d", seed).isEqualTo(end.completed());
            assertThat(s.prefixHitRate()).as("seed %d", seed).isBetween(0.0, 1.0).isLessThan(1.0);
            assertThat(s.jainIndex()).as("seed %d", seed).isBetween(0.25, 1.0);
            assertThat(s.ttftUs().min()).as("seed %d", seed).isPositive();
            assertThat(s.tbtUs().min()).as("seed %d", seed).isPositive();
            long emitted = events.stream().filter(e -> e instanceof TraceEvent.Step)
                    .mapToLong(e -> ((TraceEvent.Step) e).emitted().size()).sum();
            assertThat(s.tokensEmitted()).as("seed %d", seed).isEqualTo(emitted);
            assertThat(s.ttftUs().count() + s.tbtUs().count()).as("seed %d", seed).isEqualTo(emitted);
            assertThat(s.serviceByClient().values().stream().mapToLong(Long::longValue).sum())
                    .as("seed %d", seed).isGreaterThanOrEqualTo(2 * emitted);
        }
    }

    @Test
    void tableIsAlignedPlainText() {
        String table = MetricsCollector.of(twoClients()).table();
        assertThat(table).isEqualTo(String.join("\n",
                "policy              test",
                "workload            hand-built",
                "end                 done",
                "requests            3 arrived, 3 completed",
                "steps               5",
                "duration            0.045 ms (0 to 45 us)",
                "throughput          66666.67 req/s, 133333.3 tokens/s (6 tokens)",
                "normalized latency  14.2 us/token",
                "prefix hit rate     8.00% (2 of 25 tokens, 4 admissions)",
                "preemptions         1",
                "violations          0",
                "max service gap     6 (A vs B, steps 0 to 1)",
                "Jain's index        0.7811",
                "",
                "latency (us)  count  min  p50  p90  p99  max  mean",
                "TTFT              3   15   20   20   20   20  18.3",
                "TBT               3    5    5   20   20   20  10.0",
                "end-to-end        3   15   25   45   45   45  28.3",
                "",
                "client  service",
                "A            26",
                "B             8",
                ""));
    }
}
