package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Violation;

@DisplayName("FAIR-VTC-CHARGE")
class FairVtcChargeTest {
    private static final Checkers ID = Checkers.FAIR_VTC_CHARGE;

    @Test
    void FAIR_VTC_CHARGE_keptByExactCharges() {
        assertKept(ID, VtcTraces.fair().events());
    }

    @Test
    void FAIR_VTC_CHARGE_brokenByADoubleChargedToken() {
        // c0's request 0: 4 prompt positions + 1 token at w_q 2 = 6; a double charge of the token shows 8
        assertBroken(ID, VtcTraces.fair(0, 1, 8).events(), 1, Violation.NO_REQUEST,
                "witness vtc.c.c0 = 8 but the trace's service gives 6");
    }

    @Test
    void FAIR_VTC_CHARGE_aCacheHitIsFree() {
        // request 2 shares request 0's first block (4 tokens) and is admitted with that hit: charged 2 positions + 2
        var trace = TraceBuilder.vtc().arriveSegments(0, 1, 7, 4, 8, 6).arriveSegments(2, 1, 7, 4, 9, 6)
                .step().slice(0, 0, 6).emit(0).finish(0).witness("vtc.c.c0", 0).done()
                .step().slice(2, 4, 2).hit(2, 4).emit(2).finish(2).witness("vtc.c.c0", 8).done()
                .step().witness("vtc.c.c0", 12).done().end();
        assertKept(ID, trace.events());
    }

    @Test
    void FAIR_VTC_CHARGE_aDiscrepancyIsReportedWhenItChanges() {
        // off by 2 from step 1 on: one violation, not one per step
        var trace = VtcTraces.fair(0, 1, 8);
        assertThat(CheckerTestSupport.violations(ID, trace.events())).hasSize(1);
    }
}
