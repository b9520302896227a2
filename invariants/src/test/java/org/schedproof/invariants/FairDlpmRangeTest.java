package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Violation;

@DisplayName("FAIR-DLPM-RANGE")
class FairDlpmRangeTest {
    private static final Checkers ID = Checkers.FAIR_DLPM_RANGE;

    @Test
    void FAIR_DLPM_RANGE_keptByAFairRun() {
        assertKept(ID, DlpmTraces.fair().events());
    }

    @Test
    void FAIR_DLPM_RANGE_brokenByADeficitBelowItsFloor() {
        // D = 1·4 + 2·(maxRunning 2)·1 = 8, floor -7. c0 alone, requests 0, 2, 4, 6: step 0 refills to 8 and serves
        // two (charged 12: -4); step 1 refills one round (4) and serves two again, ignoring the gate: -8 < -7
        var trace = DlpmTraces.dlpm().arrive(0, 4, 1).arrive(2, 4, 1).arrive(4, 4, 1).arrive(6, 4, 1)
                .step().slice(0, 0, 4).slice(2, 0, 4).emit(0, 2).finish(0, 2).done()
                .step().slice(4, 0, 4).slice(6, 0, 4).emit(4, 6).finish(4, 6).done().end();
        assertBroken(ID, trace.events(), 1, Violation.NO_REQUEST, "deficit -8 after step 1's charges is below 1 - D "
                + "= -7");
    }
}
