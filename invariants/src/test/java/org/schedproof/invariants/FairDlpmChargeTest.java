package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Violation;

@DisplayName("FAIR-DLPM-CHARGE")
class FairDlpmChargeTest {
    private static final Checkers ID = Checkers.FAIR_DLPM_CHARGE;

    @Test
    void FAIR_DLPM_CHARGE_keptByExactCharges() {
        assertKept(ID, DlpmTraces.fair().events());
    }

    @Test
    void FAIR_DLPM_CHARGE_brokenByAnOvercharge() {
        // c0 after step 0: 8 - 4 - 2 = 2; the witness says 0
        assertBroken(ID, DlpmTraces.fair(0, 1).events(), 1, Violation.NO_REQUEST,
                "witness dlpm.q.c0 = 0 but the trace gives 2");
    }

    /** Request 2 shares request 0's first 4-token block and is admitted with that hit; request 0 runs first. */
    private static TraceBuilder hit(String charge, long c0AtStep2) {
        return new TraceBuilder(TraceBuilder.SMALL, "dlpm", "sarathi", Map.of("quantum", "8", "charge", charge))
                .arriveSegments(0, 1, 7, 4, 8, 6).arriveSegments(2, 1, 7, 4, 9, 6)
                .step().slice(0, 0, 6).emit(0).finish(0).witness("dlpm.q.c0", 8, "dlpm.refills", 1).done()
                .step().slice(2, 4, 2).hit(2, 4).emit(2).finish(2).witness("dlpm.q.c0", 8, "dlpm.refills", 2).done()
                .step().witness("dlpm.q.c0", c0AtStep2, "dlpm.refills", 2).done().end();
    }

    @Test
    void FAIR_DLPM_CHARGE_uncachedChargesOnlyThePositionsComputed() {
        // step 0: one round, 8; charged 6 + 2 = 8: 0; step 1: refill to 8, charged 2 + 2 = 4: 4 at step 2
        assertKept(ID, hit("uncached", 4).events());
        // full-prompt also charges the 4-token hit: 0 at step 2
        assertKept(ID, hit("full-prompt", 0).events());
        assertBroken(ID, hit("uncached", 0).events(), 2, Violation.NO_REQUEST, "witness dlpm.q.c0 = 0 but the trace "
                + "gives 4");
    }
}
