package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hand-built ALISE traces on the small engine (budget 8, blocks of 4). Prompts of 4 tokens have no possible cached
 * prefix (it must be fewer than the sequence, in whole blocks), so every remaining time is exact; with equal prompts
 * a job predicted to emit fewer tokens has fewer decode iterations to go, so it ranks first.
 */
@DisplayName("ORDER-ALISE")
class OrderAliseTest {
    private static final Checkers ID = Checkers.ORDER_ALISE;

    private static TraceBuilder alise(String overrun) {
        return new TraceBuilder(TraceBuilder.SMALL, "alise", "sarathi", Map.of("overrun", overrun));
    }

    /** 0 (predicted 3) and 1 (predicted 1) arrive together; step 0's slices are in the given order. */
    private static TraceBuilder shortFirst(long first, long second) {
        return alise("clamp").arrive(0, 4, 3).arrive(1, 4, 1)
                .step().slice(first, 0, 4).slice(second, 0, 4).emit(first, second).finish(1)
                .witness("alise.pred.0", 3, "alise.pred.1", 1).done()
                .step().slice(0, 4, 1).emit(0).done()
                .step().slice(0, 5, 1).emit(0).finish(0).done().end();
    }

    @Test
    void ORDER_ALISE_keptByTheShorterRemainingTimeFirst() {
        assertKept(ID, shortFirst(1, 0).events());
    }

    @Test
    void ORDER_ALISE_brokenByTheLongerRemainingTimeFirst() {
        assertBroken(ID, shortFirst(0, 1).events(), 0, 1, "schedules job 1", "after job 0");
    }

    @Test
    void ORDER_ALISE_brokenByAWaitingJobLeftAheadOfASelectedOne() {
        // 0 (predicted 1) ranks before 1 (predicted 40); step 0 admits only 1, with the budget half empty.
        TraceBuilder t = alise("clamp").arrive(0, 4, 1).arrive(1, 4, 1)
                .step().slice(1, 0, 4).emit(1).finish(1).witness("alise.pred.0", 1, "alise.pred.1", 40).done().end();
        assertBroken(ID, t.events(), 0, 0, "leaves job 0 waiting", "ahead of selected job 1");
    }

    @Test
    void ORDER_ALISE_brokenByARunningJobPausedAheadOfASelectedOne() {
        // 0 (predicted 2) has one token to go at step 1; newcomer 1 (predicted 40) gets the only slice.
        TraceBuilder t = alise("clamp").arrive(0, 4, 2)
                .step().slice(0, 0, 4).emit(0).witness("alise.pred.0", 2).done()
                .arrive(1, 4, 1)
                .step().slice(1, 0, 4).emit(1).finish(1).witness("alise.pred.1", 40).done().end();
        assertBroken(ID, t.events(), 1, 0, "pauses running job 0", "ahead of selected job 1");
    }

    /** Job 0's 12-token prompt gets a first chunk of {@code chunk} tokens alone. */
    private static TraceBuilder chunk(int chunk) {
        return alise("clamp").arrive(0, 12, 1)
                .step().slice(0, 0, chunk).witness("alise.pred.0", 1).done().end();
    }

    @Test
    void ORDER_ALISE_keptByAChunkThatFillsTheBudget() {
        assertKept(ID, chunk(8).events());
    }

    @Test
    void ORDER_ALISE_brokenByAChunkShortOfTheBudget() {
        assertBroken(ID, chunk(6).events(), 0, 0, "gives job 0 6 of its 12 pending positions",
                "only 6 of the 8-token budget");
    }

    /** 0 (predicted 5) and 1 (predicted 40) decode; newcomer 2 (predicted 1) takes the budget; step 1 evicts {@code id}. */
    private static TraceBuilder evict(long id, boolean offload) {
        TraceBuilder t = alise("clamp").arrive(0, 4, 5).arrive(1, 4, 40)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1).witness("alise.pred.0", 5, "alise.pred.1", 40).done()
                .arrive(2, 8, 1);
        TraceBuilder.StepBuilder s = t.step();
        if (offload) s.offload(id);
        else s.preempt(id);
        return s.slice(2, 0, 8).emit(2).finish(2).witness("alise.pred.2", 1).done();
    }

    @Test
    void ORDER_ALISE_keptByEvictingTheLowestPausedJob() {
        assertKept(ID, evict(1, false).end().events());
        assertKept(ID, evict(1, true).end().events());
    }

    @Test
    void ORDER_ALISE_brokenByEvictingAHigherPausedJob() {
        assertBroken(ID, evict(0, false).end().events(), 1, 0, "preempts job 0", "leaves job 1", "paused");
        assertBroken(ID, evict(0, true).end().events(), 1, 0, "offloads job 0", "leaves job 1", "paused");
    }

    /** After both paused jobs are offloaded at step 1, step 2 prefetches {@code id}. */
    private static TraceBuilder prefetch(long id) {
        TraceBuilder t = alise("clamp").arrive(0, 4, 5).arrive(1, 4, 40)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1).witness("alise.pred.0", 5, "alise.pred.1", 40).done()
                .arrive(2, 8, 1)
                .step().offload(1, 0).slice(2, 0, 8).emit(2).finish(2).witness("alise.pred.2", 1).done();
        return t.step().prefetch(id).done().end();
    }

    @Test
    void ORDER_ALISE_keptByPrefetchingTheHighestRankedOffloadedJob() {
        assertKept(ID, prefetch(0).events());
    }

    @Test
    void ORDER_ALISE_brokenByPrefetchingPastAHigherRankedOne() {
        assertBroken(ID, prefetch(1).events(), 2, 0, "leaves job 0 offloaded", "prefetches one ranked lower");
    }

    /** Under overrun=double job 0 (predicted 1, 3 tokens) doubles to 2 at step 1 and to 4 at step 2. */
    private static TraceBuilder doubling(String overrun, Object... step1Witness) {
        return alise(overrun).arrive(0, 4, 3)
                .step().slice(0, 0, 4).emit(0).witness("alise.pred.0", 1).done()
                .step().slice(0, 4, 1).emit(0).witness(step1Witness).done()
                .step().slice(0, 5, 1).emit(0).finish(0).witness("alise.pred.0", 4).done().end();
    }

    @Test
    void ORDER_ALISE_keptByEachDoublingInTheWitness() {
        assertKept(ID, doubling("double", "alise.pred.0", 2).events());
    }

    @Test
    void ORDER_ALISE_brokenByADoublingTheWitnessMisses() {
        assertBroken(ID, doubling("double").events(), 1, 0, "doubles from 1 to 2", "does not show it");
    }

    @Test
    void ORDER_ALISE_brokenByARevisionUnderClamp() {
        assertBroken(ID, doubling("clamp", "alise.pred.0", 2).events(), 1, 0, "from 1 to 2 where none is due");
    }

    @Test
    void ORDER_ALISE_brokenByAMissingPrediction() {
        TraceBuilder t = alise("clamp").arrive(0, 4, 1).step().slice(0, 0, 4).emit(0).finish(0).done().end();
        assertBroken(ID, t.events(), 0, 0, "gives no alise.pred.0");
    }
}
