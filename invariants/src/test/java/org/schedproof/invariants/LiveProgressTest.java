package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Violation;

@DisplayName("LIVE-PROGRESS")
class LiveProgressTest {
    private static final Checkers ID = Checkers.LIVE_PROGRESS;

    @Test
    void LIVE_PROGRESS_keptByThreeIdleStepsUnderALimitOfThree() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1)
                .emptySteps(3)
                .step().slice(0, 0, 6).emit(0).finish(0).done().end();
        assertKept(ID, trace.events());
        assertKept(ID, CheckerTestSupport.goodRun().events());
    }

    @Test
    void LIVE_PROGRESS_brokenByFourIdleStepsWhileWorkWaits() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1)
                .emptySteps(4)
                .step().slice(0, 0, 6).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 3, Violation.NO_REQUEST, "4 consecutive steps", "from step 0",
                "maxStalledSteps is 3");
    }

    @Test
    void LIVE_PROGRESS_rejectedStepsAreNoProgress() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1)
                .emptySteps(2)
                .step().slice(0, 0, 6).rejected().done()
                .step().slice(0, 0, 6).rejected().done()
                .step().slice(0, 0, 6).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 3, Violation.NO_REQUEST, "4 consecutive steps");
    }

    @Test
    void LIVE_PROGRESS_brokenByARunThatEndsStalled() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1).arrive(1, 6, 1)
                .step().slice(0, 0, 6).emit(0).finish(0).done().end("stalled");
        assertBroken(ID, trace.events(), 0, Violation.NO_REQUEST, "ended 'stalled'", "1 requests unfinished");
    }
}
