package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SAFE-MAXRUN")
class SafeMaxRunTest {
    private static final Checkers ID = Checkers.SAFE_MAXRUN;

    @Test
    void SAFE_MAXRUN_keptByTwoRunningUnderACapOfTwo() {
        assertKept(ID, CheckerTestSupport.goodRun().events());
    }

    @Test
    void SAFE_MAXRUN_keptWhenAPreemptionMakesRoom() {
        var trace = TraceBuilder.sarathi().arrive(0, 2, 2).arrive(1, 2, 2).arrive(2, 2, 1)
                .step().slice(0, 0, 2).slice(1, 0, 2).emit(0, 1).done()
                .step().preempt(1).slice(0, 2, 1).slice(2, 0, 2).emit(0, 2).finish(0, 2).done()
                .step().slice(1, 0, 3).emit(1).finish(1).done().end();
        assertKept(ID, trace.events());
    }

    @Test
    void SAFE_MAXRUN_brokenByAThirdAdmission_namesIt() {
        var trace = TraceBuilder.sarathi().arrive(0, 2, 1).arrive(1, 2, 1).arrive(7, 2, 1)
                .step().slice(0, 0, 2).slice(1, 0, 2).slice(7, 0, 2).emit(0, 1, 7).finish(0, 1, 7).done().end();
        assertBroken(ID, trace.events(), 0, 7, "3 running > maxRunning 2");
    }
}
