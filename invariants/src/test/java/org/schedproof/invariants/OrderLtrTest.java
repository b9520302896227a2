package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.EngineConfig;

/** Hand-built LTR traces on the small engine (budget 8, blocks of 4); each expected verdict derived in its comment. */
@DisplayName("ORDER-LTR")
class OrderLtrTest {
    private static final Checkers ID = Checkers.ORDER_LTR;

    private static TraceBuilder ltr(EngineConfig config, String... keyValues) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) p.put(keyValues[i], keyValues[i + 1]);
        return new TraceBuilder(config, "ltr", "sarathi", p);
    }

    /** 0 (predicted 5) and 1 (predicted 2) arrive together: 1 ranks first; step 0's slices are in {@code order}. */
    private static TraceBuilder shortFirst(long first, long second, long laterPrediction) {
        return ltr(TraceBuilder.SMALL).arrive(0, 4, 3).arrive(1, 4, 1)
                .step().slice(first, 0, 4).slice(second, 0, 4).emit(first, second).finish(1)
                .witness("ltr.pred.0", 5, "ltr.pred.1", 2, "promoted", 0).done()
                .step().slice(0, 4, 1).emit(0).witness("ltr.pred.0", laterPrediction, "promoted", 0).done()
                .step().slice(0, 5, 1).emit(0).finish(0).witness("promoted", 0).done().end();
    }

    @Test
    void ORDER_LTR_keptByTheShorterPredictionFirst() {
        assertKept(ID, shortFirst(1, 0, 5).events());
    }

    @Test
    void ORDER_LTR_brokenByTheLongerPredictionFirst() {
        assertBroken(ID, shortFirst(0, 1, 5).events(), 0, 1, "schedules request 1 (prediction 2", "after request 0");
    }

    @Test
    void ORDER_LTR_brokenByAChangedPrediction() {
        assertBroken(ID, shortFirst(1, 0, 9).events(), 1, 0, "changed from 5 to 9");
    }

    @Test
    void ORDER_LTR_brokenByAMissingPrediction() {
        TraceBuilder t = ltr(TraceBuilder.SMALL).arrive(0, 4, 1)
                .step().slice(0, 0, 4).emit(0).finish(0).witness("promoted", 0).done().end();
        assertBroken(ID, t.events(), 0, 0, "gives no ltr.pred.0");
    }

    /** 0 (predicted {@code p0}) decodes from step 0; 1 (predicted 3) arrives; step 1 gives 1 its 4-token prompt only. */
    private static TraceBuilder newcomer(int p0) {
        return ltr(TraceBuilder.SMALL).arrive(0, 4, 5)
                .step().slice(0, 0, 4).emit(0).witness("ltr.pred.0", p0, "promoted", 0).done()
                .arrive(1, 4, 1)
                .step().slice(1, 0, 4).emit(1).finish(1).witness("ltr.pred.1", 3, "promoted", 0).done().end();
    }

    @Test
    void ORDER_LTR_brokenByARunningRequestPausedUnderAHalfEmptyBudget() {
        // 0 (predicted 9) ranks after 1, but 4 of 8 tokens leave room for its decode: pausing it is wrong.
        assertBroken(ID, newcomer(9).events(), 1, 0, "pauses running request 0 while the slices take only 4 of the 8");
    }

    @Test
    void ORDER_LTR_brokenByARunningRequestPassedOverForALaterOne() {
        // 0 (predicted 2) ranks before 1 (3), which got a slice: 0 had to get its decode first.
        assertBroken(ID, newcomer(2).events(), 1, 0, "running request 0 (prediction 2", "ranks before scheduled");
    }

    /** 0 (predicted 1) and 1 (predicted 2) wait; step 0 admits 1 only: a memory reason under fit, none under preempt. */
    private static TraceBuilder passedOver(String admission) {
        return ltr(TraceBuilder.SMALL, "admission", admission).arrive(2, 4, 2)
                .step().slice(2, 0, 4).emit(2).witness("ltr.pred.2", 1, "promoted", 0).done()
                .arrive(0, 4, 1).arrive(1, 4, 1)
                .step().slice(2, 4, 1).slice(1, 0, 4).emit(2, 1).finish(2).finish(1)
                .witness("ltr.pred.0", 1, "ltr.pred.1", 2, "promoted", 0).done()
                .step().slice(0, 0, 4).emit(0).finish(0).witness("promoted", 0).done().end();
    }

    /**
     * 0 (predicted 9) and 1 (predicted 1) wait and nothing holds KV: the fit test reserves at most the engine's
     * largest sequence, which the empty pool has, so 1, first in the order, is admitted ({@code headFirst}) or the step
     * breaks ORDER-LTR (the stall the fuzzer found: the old fit test passed a request predicted past the pool over).
     */
    private static TraceBuilder emptyPool(boolean headFirst) {
        TraceBuilder t = ltr(TraceBuilder.SMALL).arrive(0, 4, 1).arrive(1, 4, 1);
        TraceBuilder.StepBuilder s = t.step();
        if (headFirst) s.slice(1, 0, 4).emit(1).finish(1);
        return s.witness("ltr.pred.0", 9, "ltr.pred.1", 1, "promoted", 0).done()
                .step().slice(0, 0, 4).emit(0).finish(0).witness("promoted", 0).done().end();
    }

    @Test
    void ORDER_LTR_keptByAdmittingTheHeadIntoAnEmptyPool() {
        assertKept(ID, emptyPool(true).events());
    }

    @Test
    void ORDER_LTR_brokenByAnEmptyPoolPassingTheHeadOver() {
        assertBroken(ID, emptyPool(false).events(), 0, 1, "no request holds KV", "waiting request 1");
    }

    @Test
    void ORDER_LTR_keptByAWaitingRequestPassedOverUnderFit() {
        assertKept(ID, passedOver("fit").events());
    }

    @Test
    void ORDER_LTR_brokenByAWaitingRequestPassedOverUnderPreemptWithRunningSlotsFree() {
        assertBroken(ID, passedOver("preempt").events(), 1, 0, "passes over waiting request 0", "with 1 of 2");
    }

    /**
     * Threshold S = 1: 1 (predicted 9) waits at step 0 and is promoted at step 1, ahead of running 0 and newcomer 2
     * (both predicted 1); step 1 passes 1 over with 1 of 2 requests holding KV (memory), so 2 may not be admitted.
     */
    private static TraceBuilder holdBack(boolean admitTwo) {
        TraceBuilder t = ltr(TraceBuilder.SMALL, "starvation", "on", "threshold", "1", "quantum", "1")
                .arrive(0, 4, 3).arrive(1, 4, 1)
                .step().slice(0, 0, 4).emit(0).witness("ltr.pred.0", 1, "ltr.pred.1", 9, "promoted", 0).done()
                .arrive(2, 4, 1);
        TraceBuilder.StepBuilder s = t.step().slice(0, 4, 1);
        if (admitTwo) s.slice(2, 0, 4).emit(0, 2).finish(2);
        else s.emit(0);
        return s.witness("ltr.pred.2", 1, "promoted", 1).done().end();
    }

    @Test
    void ORDER_LTR_keptByAPromotedRequestThatDoesNotFitHoldingBackAdmissions() {
        assertKept(ID, holdBack(false).events());
    }

    @Test
    void ORDER_LTR_brokenByAnAdmissionBehindAPromotedRequestPassedOver() {
        assertBroken(ID, holdBack(true).events(), 1, 2, "admits unpromoted request 2 after promoted request 1");
    }

    /** 0 (predicted 5) and 1 (predicted 9) decode; 2 (predicted 1) takes the whole budget; step 1 preempts {@code ids}. */
    private static TraceBuilder pressure(long... ids) {
        return ltr(TraceBuilder.SMALL.withMaxRunning(3)).arrive(0, 4, 5).arrive(1, 4, 5)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1)
                .witness("ltr.pred.0", 5, "ltr.pred.1", 9, "promoted", 0).done()
                .arrive(2, 8, 1)
                .step().preempt(ids).slice(2, 0, 8).emit(2).finish(2).witness("ltr.pred.2", 1, "promoted", 0).done()
                .end();
    }

    @Test
    void ORDER_LTR_keptByPreemptingTheLowestPausedRequest() {
        assertKept(ID, pressure(1).events());
        assertKept(ID, pressure(1, 0).events());
    }

    @Test
    void ORDER_LTR_brokenByPreemptingAHigherOneFirst() {
        assertBroken(ID, pressure(0).events(), 1, 0, "leaves request 1 (prediction 9", "paused");
        assertBroken(ID, pressure(0, 1).events(), 1, 1, "preempts request 1 (prediction 9", "after request 0");
    }
}
