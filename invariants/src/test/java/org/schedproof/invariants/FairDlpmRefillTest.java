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
                "dlpm.refills grew by 1 in this pass but client 'c0' was backlogged with deficit 2 > 0, so no refill");
    }

    @Test
    void FAIR_DLPM_REFILL_brokenByTooManyRounds() {
        // step 0: both backlogged at 0: one round was due, the witness shows two
        var trace = DlpmTraces.dlpm().arrive(0, 4, 1).arrive(1, 4, 1)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1).finish(0, 1)
                .witness("dlpm.q.c0", 16, "dlpm.q.c1", 16, "dlpm.refills", 2).done().end();
        assertBroken(ID, trace.events(), 0, Violation.NO_REQUEST, "grew by 2", "so 1 round(s) or none could be added");
    }

    @Test
    void FAIR_DLPM_REFILL_aDueRefillMayWaitForAPassThatOffers() {
        // step 0 preempts nothing yet shows no refill: legal for this rule (nothing may be admitted then: the gate's)
        var trace = DlpmTraces.dlpm().arrive(0, 4, 1)
                .step().witness("dlpm.q.c0", 0, "dlpm.refills", 0).done()
                .step().slice(0, 0, 4).emit(0).finish(0).witness("dlpm.q.c0", 8, "dlpm.refills", 1).done().end();
        assertKept(ID, trace.events());
        assertKept(Checkers.FAIR_DLPM_CHARGE, trace.events());
    }
}
