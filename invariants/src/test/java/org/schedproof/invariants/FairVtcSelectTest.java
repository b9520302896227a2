package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FAIR-VTC-SELECT")
class FairVtcSelectTest {
    private static final Checkers ID = Checkers.FAIR_VTC_SELECT;

    @Test
    void FAIR_VTC_SELECT_keptByLeastCounterAdmissionsWithTheTieToTheLowerIndex() {
        assertKept(ID, VtcTraces.fair().events());
        assertKept(ID, VtcTraces.lift(6).events());
    }

    @Test
    void FAIR_VTC_SELECT_brokenByTheTieGoingToTheHigherIndex() {
        // step 0: c0 and c1 both at 0; c1 (index 1) is admitted first
        assertBroken(ID, VtcTraces.fair(1, 0, 6).events(), 0, 1, "request 1 of client 'c1' (counter 0)",
                "client 'c0' waits with an equal counter 0 but a lower index");
    }

    @Test
    void FAIR_VTC_SELECT_brokenByAdmittingAGreaterCounter() {
        // step 0 admits request 0 (c0 at 4 after it), then request 2 of c0 again although c1 waits at 0
        var trace = TraceBuilder.vtc().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1)
                .step().slice(0, 0, 4).slice(2, 0, 4).emit(0, 2).finish(0, 2).done()
                .step().slice(1, 0, 4).emit(1).finish(1).done().end();
        assertBroken(ID, trace.events(), 0, 2, "request 2 of client 'c0' (counter 4)", "counter 0 < 4");
    }

    @Test
    void FAIR_VTC_SELECT_brokenByAClientsRequestsOutOfArrivalOrder() {
        // c0's request 2 is admitted before its request 0
        var trace = TraceBuilder.vtc().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1)
                .step().slice(2, 0, 4).slice(1, 0, 4).emit(2, 1).finish(2, 1).done()
                .step().slice(0, 0, 4).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 0, 2, "ahead of its request 0");
    }

    @Test
    void FAIR_VTC_SELECT_notApplicableToFcfs() {
        Checker c = CheckerTestSupport.run(ID, CheckerTestSupport.goodRun().events());
        assertThat(c.applicable()).isFalse();
    }
}
