package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Violation;

@DisplayName("FAIR-VTC-LIFT")
class FairVtcLiftTest {
    private static final Checkers ID = Checkers.FAIR_VTC_LIFT;

    @Test
    void FAIR_VTC_LIFT_keptByAReturningClientLiftedToTheLeastWaitingCounter() {
        assertKept(ID, VtcTraces.lift(6).events());
    }

    @Test
    void FAIR_VTC_LIFT_brokenByNoLift() {
        assertBroken(ID, VtcTraces.lift(0).events(), 1, Violation.NO_REQUEST,
                "witness vtc.c.c1 = 0 but client 'c1' was lifted from 0 to 6", "no lift was applied");
    }

    @Test
    void FAIR_VTC_LIFT_keptWithoutALiftUnderLiftNone() {
        // lift=none: c1 stays at 0 when it returns
        var trace = TraceBuilder.vtc("lift", "none").arrive(0, 4, 1).arrive(2, 4, 1)
                .step().slice(0, 0, 4).emit(0).finish(0).witness("vtc.c.c0", 0).done()
                .arrive(1, 4, 1)
                .step().slice(1, 0, 4).slice(2, 0, 4).emit(1, 2).finish(1, 2).witness("vtc.c.c0", 6, "vtc.c.c1", 0)
                .done().end();
        assertKept(ID, trace.events());
    }

    @Test
    void FAIR_VTC_LIFT_paperLiftsToTheLastLeftClientWhenNobodyWaits() {
        // request 0 (c0) runs alone and leaves c0's queue empty (c0 left last, 6 after the step); c1 then arrives to
        // an empty system: lift=paper takes it to 6, lift=artifact leaves it at 0
        var paper = TraceBuilder.vtc().arrive(0, 4, 1)
                .step().slice(0, 0, 4).emit(0).finish(0).witness("vtc.c.c0", 0).done()
                .arrive(1, 4, 1)
                .step().slice(1, 0, 4).emit(1).finish(1).witness("vtc.c.c0", 6, "vtc.c.c1", 6).done().end();
        assertKept(ID, paper.events());
        var artifact = TraceBuilder.vtc("lift", "artifact").arrive(0, 4, 1)
                .step().slice(0, 0, 4).emit(0).finish(0).witness("vtc.c.c0", 0).done()
                .arrive(1, 4, 1)
                .step().slice(1, 0, 4).emit(1).finish(1).witness("vtc.c.c0", 6, "vtc.c.c1", 0).done().end();
        assertKept(ID, artifact.events());
    }
}
