package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SAFE-CAUSALITY")
class SafeCausalityTest {
    private static final Checkers ID = Checkers.SAFE_CAUSALITY;

    @Test
    void SAFE_CAUSALITY_keptByARunWithChunksHitsAndDecodes() {
        assertKept(ID, CheckerTestSupport.goodRun().events());
    }

    @Test
    void SAFE_CAUSALITY_brokenByASliceBeforeTheArrivalLine() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1)
                .step().slice(0, 0, 6).slice(5, 0, 2).emit(0).finish(0).done()
                .arrive(5, 4, 1)
                .step().slice(5, 0, 4).emit(5).finish(5).done().end();
        assertBroken(ID, trace.events(), 0, 5, "before its arrival line");
    }

    @Test
    void SAFE_CAUSALITY_brokenByASliceThatSkipsPositions() {
        var trace = TraceBuilder.sarathi().arrive(0, 10, 1)
                .step().slice(0, 0, 4).done()
                .step().slice(0, 5, 5).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 1, 0, "starts at 5", "4 positions computed");
    }

    @Test
    void SAFE_CAUSALITY_brokenByAnAdmissionThatIgnoresItsHit() {
        var trace = TraceBuilder.sarathi().arrive(0, 10, 1)
                .step().slice(0, 0, 6).hit(0, 4).done().end("stalled");
        assertBroken(ID, trace.events(), 0, 0, "starts at 0", "admitted with 4 cached positions");
    }

    @Test
    void SAFE_CAUSALITY_brokenByASlicePastTheSequence() {
        var trace = TraceBuilder.sarathi().arrive(2, 6, 1)
                .step().slice(2, 0, 7).emit(2).finish(2).done().end();
        assertBroken(ID, trace.events(), 0, 2, "runs to 7 past its sequence of 6");
    }

    @Test
    void SAFE_CAUSALITY_brokenByATokenWithoutASliceReachingTheEnd() {
        var trace = TraceBuilder.sarathi().arrive(1, 6, 1)
                .step().slice(1, 0, 5).emit(1).finish(1).done().end();
        assertBroken(ID, trace.events(), 0, 1, "no slice of it reaches the end");
    }

    @Test
    void SAFE_CAUSALITY_brokenByASliceReachingTheEndWithoutAToken() {
        var trace = TraceBuilder.sarathi().arrive(1, 6, 2)
                .step().slice(1, 0, 6).done()
                .step().slice(1, 6, 1).emit(1).done().end("stalled");
        assertBroken(ID, trace.events(), 0, 1, "reaches the end of its sequence but no token");
    }

    @Test
    void SAFE_CAUSALITY_brokenByAHitForARequestTheStepDoesNotAdmit() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1).arrive(1, 6, 1)
                .step().slice(0, 0, 6).hit(1, 4).emit(0).finish(0).done().end("stalled");
        assertBroken(ID, trace.events(), 0, 1, "does not admit");
    }

    @Test
    void SAFE_CAUSALITY_aRejectedStepComputesNothing() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1)
                .step().slice(0, 0, 4).rejected().done()
                .step().slice(0, 4, 2).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 1, 0, "starts at 4");
    }
}
