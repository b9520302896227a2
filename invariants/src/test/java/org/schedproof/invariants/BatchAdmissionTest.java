package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BATCH-ADMISSION")
class BatchAdmissionTest {
    private static final Checkers ID = Checkers.BATCH_ADMISSION;

    private static TraceBuilder engine(int budget) {
        return new TraceBuilder(TraceBuilder.SMALL.withTokenBudget(budget).withWatermark(2), "sarathi");
    }

    @Test
    void BATCH_ADMISSION_keptByARunWithinTheWatermark() {
        assertKept(ID, CheckerTestSupport.goodRun().events());
        // a 72-token prompt holds 18 of 20 blocks: 2 are left, the watermark
        assertKept(ID, engine(100).arrive(0, 72, 1).step().slice(0, 0, 72).emit(0).finish(0).done().end().events());
    }

    @Test
    void BATCH_ADMISSION_brokenByAnAdmissionIntoTheWatermark() {
        // a 76-token prompt holds 19 of 20 blocks: 1 < 2
        var trace = engine(100).arrive(0, 76, 1).step().slice(0, 0, 76).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 0, 0, "at most 1 blocks (20 - 19 held - 0 reserved", "watermark 2");
    }

    @Test
    void BATCH_ADMISSION_countsTheBlocksOngoingPrefillsStillNeed() {
        // step 0: request 0's 64-token prompt gets 8 (2 blocks held, 14 reserved): 20 - 2 - 14 = 4 >= 2, kept;
        // step 1: 0 gets 4 more (3 held, 13 reserved), newcomer 1 (12 tokens) gets 4 (1 held, 2 reserved): 1 < 2
        var trace = engine(8).arrive(0, 64, 1).arrive(1, 12, 1)
                .step().slice(0, 0, 8).done()
                .step().slice(0, 8, 4).slice(1, 0, 4).done().end("stalled");
        assertBroken(ID, trace.events(), 1, 1, "at most 1 blocks (20 - 4 held - 15 reserved");
    }

    @Test
    void BATCH_ADMISSION_brokenByAnAdmissionInAStepThatPreempts() {
        var trace = TraceBuilder.sarathi().arrive(0, 4, 2).arrive(1, 4, 1)
                .step().slice(0, 0, 4).emit(0).done()
                .step().preempt(0).slice(1, 0, 4).emit(1).finish(1).done()
                .step().slice(0, 0, 5).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 1, 1, "admits request 1 in a step that preempts 1");
    }

    @Test
    void BATCH_ADMISSION_notApplicableToAnUnknownFormer() {
        var trace = new TraceBuilder(TraceBuilder.SMALL, "mine").arrive(0, 76, 1)
                .step().slice(0, 0, 76).emit(0).finish(0).done().end();
        assertThat(CheckerTestSupport.run(ID, trace.events()).applicable()).isFalse();
    }
}
