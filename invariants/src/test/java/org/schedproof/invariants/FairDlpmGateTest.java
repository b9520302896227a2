package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FAIR-DLPM-GATE")
class FairDlpmGateTest {
    private static final Checkers ID = Checkers.FAIR_DLPM_GATE;

    @Test
    void FAIR_DLPM_GATE_keptWhileDeficitsExceedTheCommittedWork() {
        assertKept(ID, DlpmTraces.fair().events());
    }

    @Test
    void FAIR_DLPM_GATE_brokenByAdmittingPastTheDeficit() {
        // step 1: c0 at 2; request 2 commits 4, so request 4's gate is 2 - 4 <= 0
        var trace = DlpmTraces.dlpm().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1).arrive(4, 4, 1)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1).finish(0, 1).done()
                .step().slice(2, 0, 4).slice(4, 0, 4).emit(2, 4).finish(2, 4).done().end();
        assertBroken(ID, trace.events(), 1, 4, "request 4 of client 'c0' whose deficit 2 does not exceed its "
                + "committed prompt work 4");
    }

    @Test
    void FAIR_DLPM_GATE_notApplicableToLpm() {
        var trace = new TraceBuilder(TraceBuilder.SMALL, "lpm", "sarathi", java.util.Map.of()).arrive(0, 4, 1)
                .step().slice(0, 0, 4).emit(0).finish(0).done().end();
        assertThat(CheckerTestSupport.run(ID, trace.events()).applicable()).isFalse();
    }
}
