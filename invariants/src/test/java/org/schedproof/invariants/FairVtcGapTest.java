package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Violation;

@DisplayName("FAIR-VTC-GAP")
class FairVtcGapTest {
    private static final Checkers ID = Checkers.FAIR_VTC_GAP;

    @Test
    void FAIR_VTC_GAP_keptByAlternatingService() {
        // c0: 0, 2, 4; c1: 1, 3, 5 (prompts 4, one token: 6 each). Steps 0 and 1 serve one of each, so both stay
        // backlogged through them with equal service: gap 0 <= U_c0 + U_c1 = 6 + 6
        var trace = TraceBuilder.vtc().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1).arrive(3, 4, 1)
                .arrive(4, 4, 1).arrive(5, 4, 1)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1).finish(0, 1).done()
                .step().slice(2, 0, 4).slice(3, 0, 4).emit(2, 3).finish(2, 3).done()
                .step().slice(4, 0, 4).slice(5, 0, 4).emit(4, 5).finish(4, 5).done().end();
        assertKept(ID, trace.events());
    }

    @Test
    void FAIR_VTC_GAP_brokenByOneClientServedTwiceWhileAnotherStaysBacklogged() {
        // c0's requests 0, 2, 4 and c1's request 1. Steps 0 and 1 serve c0 only (6 each) while c1 waits throughout:
        // over [0, 2) the gap is 12 > U_c0 + U_c1 = 6 + 0 (c0's one running request could still take 4 + 2; c1 never
        // ran). After step 0 it is 6, not yet over.
        var trace = TraceBuilder.vtc().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1).arrive(4, 4, 1)
                .step().slice(0, 0, 4).emit(0).finish(0).done()
                .step().slice(2, 0, 4).emit(2).finish(2).done()
                .step().slice(1, 0, 4).slice(4, 0, 4).emit(1, 4).finish(1, 4).done().end();
        assertBroken(ID, trace.events(), 1, Violation.NO_REQUEST, "client 'c0' received 12 more weighted service than "
                + "client 'c1' over steps [0, 2)", "12 > U_f + U_g = 6 + 0");
    }

    @Test
    void FAIR_VTC_GAP_appliesOnlyToTheOptionsTheTheoremCovers() {
        assertThat(CheckerTestSupport.run(ID, TraceBuilder.vtc("lift", "artifact").arrive(0, 4, 1).end().events())
                .applicable()).isFalse();
        assertThat(CheckerTestSupport.run(ID, new TraceBuilder(TraceBuilder.SMALL, "lcf", "sarathi",
                java.util.Map.of()).arrive(0, 4, 1).end().events()).applicable()).isFalse();
    }
}
