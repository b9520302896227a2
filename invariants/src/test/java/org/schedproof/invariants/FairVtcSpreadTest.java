package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Violation;

@DisplayName("FAIR-VTC-SPREAD")
class FairVtcSpreadTest {
    private static final Checkers ID = Checkers.FAIR_VTC_SPREAD;

    @Test
    void FAIR_VTC_SPREAD_keptByAFairRun() {
        assertKept(ID, VtcTraces.fair().events());
    }

    @Test
    void FAIR_VTC_SPREAD_brokenByOneClientServedTwiceWhileAnotherWaits() {
        // c0's requests 0, 2, 4 and c1's request 1 (prompts 4, one token). c0 is served at steps 0 and 1 while c1
        // waits: U_c0 = 4 + 2 = 6 (one request's rest after a pass); at step 2's start c0 = 12, c1 = 0: 12 > 6
        var trace = TraceBuilder.vtc().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1).arrive(4, 4, 1)
                .step().slice(0, 0, 4).emit(0).finish(0).done()
                .step().slice(2, 0, 4).emit(2).finish(2).done()
                .step().slice(1, 0, 4).slice(4, 0, 4).emit(1, 4).finish(1, 4).done().end();
        assertBroken(ID, trace.events(), 2, Violation.NO_REQUEST, "client 'c0''s counter 12 exceeds waiting client "
                + "'c1''s 0 by 12 > U = 6");
    }

    @Test
    void FAIR_VTC_SPREAD_appliesOnlyToTheOptionsTheTheoremCovers() {
        assertThat(CheckerTestSupport.run(ID, TraceBuilder.vtc("lift", "artifact").arrive(0, 4, 1).end().events())
                .applicable()).isFalse();
        assertThat(CheckerTestSupport.run(ID, TraceBuilder.vtc("output-charge", "artifact").arrive(0, 4, 1).end()
                .events()).applicable()).isFalse();
    }
}
