package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Violation;

@DisplayName("FAIR-DLPM-GAP")
class FairDlpmGapTest {
    private static final Checkers ID = Checkers.FAIR_DLPM_GAP;

    @Test
    void FAIR_DLPM_GAP_keptByAFairRun() {
        // both backlogged at step 0 only, each served 4 + 2 in it: gap 0
        assertKept(ID, DlpmTraces.fair().events());
    }

    @Test
    void FAIR_DLPM_GAP_brokenByOneClientServedWhileAnotherStaysBacklogged() {
        // c0's requests 0, 2, 4, 6, 8 one per step (6 each) while c1's request 1 waits until step 5. Bound
        // 2·(Q 8 + P_max 4 + 2·E 1 - 1) = 26 (E: one running request with one token to go). Over [0, 5) the gap is
        // 30 > 26; over [0, 4) it was 24.
        var trace = DlpmTraces.dlpm().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1).arrive(4, 4, 1)
                .arrive(6, 4, 1).arrive(8, 4, 1);
        for (long id = 0; id <= 8; id += 2) trace.step().slice(id, 0, 4).emit(id).finish(id).done();
        trace.step().slice(1, 0, 4).emit(1).finish(1).done().end();
        assertBroken(ID, trace.events(), 4, Violation.NO_REQUEST, "client 'c0' received 30 more service than client "
                + "'c1' over steps [0, 5)", "30 > 2·(Q + w_p·P_max + w_q·E - 1) = 26 (Q 8, P_max 4, E 1)");
    }

    @Test
    void FAIR_DLPM_GAP_notApplicableToSharedDeficits() {
        var shared = new TraceBuilder(TraceBuilder.SMALL, "dlpm", "sarathi", Map.of("deficits", "shared"));
        assertThat(CheckerTestSupport.run(ID, shared.arrive(0, 4, 1).end().events()).applicable()).isFalse();
    }
}
