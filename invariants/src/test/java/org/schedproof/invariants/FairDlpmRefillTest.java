package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Violation;

@DisplayName("FAIR-DLPM-REFILL")
class FairDlpmRefillTest {
    private static final Checkers ID = Checkers.FAIR_DLPM_REFILL;

    @Test
    void FAIR_DLPM_REFILL_keptByOneRoundWhenAllBackloggedAreExhausted() {
        assertKept(ID, DlpmTraces.fair().events());
    }

    @Test
    void FAIR_DLPM_REFILL_brokenByARefillWhileABackloggedDeficitIsPositive() {
        // step 1: c0 is backlogged with 2 > 0, yet the witness counts a second round
        assertBroken(ID, DlpmTraces.fair(10, 2).events(), 1, Violation.NO_REQUEST,
                "dlpm.refills grew by 1 in this pass but client 'c0' was backlogged with deficit 2 > 0");
    }

    @Test
    void FAIR_DLPM_REFILL_brokenByAMissingRefill() {
        // step 0: both backlogged at 0: one round was due, the witness shows none
        var trace = DlpmTraces.dlpm().arrive(0, 4, 1).arrive(1, 4, 1)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1).finish(0, 1)
                .witness("dlpm.q.c0", 0, "dlpm.q.c1", 0, "dlpm.refills", 0).done().end();
        assertBroken(ID, trace.events(), 0, Violation.NO_REQUEST, "grew by 0", "so 1 round(s) were due");
    }
}
