package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BATCH-HOL")
class BatchHolTest {
    private static final Checkers ID = Checkers.BATCH_HOL;

    /** FCFS, requests 0, 1, 2 (prompts 4, one token) at time 0: step 0 admits {@code admitted} and names the blocked. */
    private static TraceBuilder fcfs(long blocked, long... admitted) {
        TraceBuilder.StepBuilder step = TraceBuilder.sarathi().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1).step();
        for (long id : admitted) step.slice(id, 0, 4).emit(id).finish(id);
        return step.witness("blocked", blocked).done();
    }

    @Test
    void BATCH_HOL_keptByAStopAtTheEarliestRequestNotAdmitted() {
        // the budget of 8 takes requests 0 and 1; the pass stops at 2, the next in arrival order
        assertKept(ID, fcfs(2, 0, 1).step().slice(2, 0, 4).emit(2).finish(2).done().end().events());
    }

    @Test
    void BATCH_HOL_brokenByAStopPastAnEarlierWaitingRequest() {
        // only 0 is admitted, so the pass must stop at 1, not 2
        assertBroken(ID, fcfs(2, 0).end("stalled").events(), 0, 2, "while request 1 (arrived 0 us) waits ahead");
    }

    @Test
    void BATCH_HOL_brokenByAnAdmissionAfterTheStop() {
        // the pass stopped at 1 and still admitted 2, which comes after it
        assertBroken(ID, fcfs(1, 0, 2).end("stalled").events(), 0, 2, "admits request 2", "after the pass stopped at "
                + "request 1");
    }

    @Test
    void BATCH_HOL_brokenByABlockedRequestThatIsAdmittedOrRunning() {
        assertBroken(ID, fcfs(1, 0, 1).end("stalled").events(), 0, 1, "gives it a slice");
        var running = TraceBuilder.sarathi().arrive(0, 4, 2).arrive(1, 4, 1)
                .step().slice(0, 0, 4).emit(0).witness("blocked", 1).done()
                .step().slice(1, 0, 4).emit(1).finish(1).witness("blocked", 0).done().end("stalled");
        assertBroken(ID, running.events(), 1, 0, "is running, not waiting");
    }

    @Test
    void BATCH_HOL_underVtcTheLeastCounterHeadAfterReRanking() {
        // c0: 0, 2; c1: 1, 3 (prompts 4). Step 0 admits 0 (tie at 0, c0 has the lower index; c0 then 4) and 1 (c1 at
        // 0 < 4; then 4): tie again, so the pass offers c0's head 2 next
        var kept = TraceBuilder.vtc().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1).arrive(3, 4, 1)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1).finish(0, 1).witness("blocked", 2).done().end("stalled");
        assertKept(ID, kept.events());
        var wrong = TraceBuilder.vtc().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1).arrive(3, 4, 1)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1).finish(0, 1).witness("blocked", 3).done().end("stalled");
        assertBroken(ID, wrong.events(), 0, 3, "VTC offers request 2");
        // after admitting 0 (c0 at 4) the pass offers c1's head 1; stopping there, it cannot admit c0's 2
        var past = TraceBuilder.vtc().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1)
                .step().slice(0, 0, 4).slice(2, 0, 4).emit(0, 2).finish(0, 2).witness("blocked", 1).done().end("stalled");
        assertBroken(ID, past.events(), 0, 2, "admits request 2 when the pass had reached request 1");
    }

    @Test
    void BATCH_HOL_underDlpmAnOpenGate() {
        // quantum 8: step 0 refills c0 and c1 to 8. In arrival order (no hits), c0's 0 and 2 are admitted (committed
        // 4, then 8): c0's gate is closed (8 - 8 = 0), so the pass may stop at c1's 3 but not at c0's 4
        var open = DlpmTraces.dlpm().arrive(0, 4, 1).arrive(2, 4, 1).arrive(3, 4, 1).arrive(4, 4, 1)
                .step().slice(0, 0, 4).slice(2, 0, 4).emit(0, 2).finish(0, 2)
                .witness("dlpm.q.c0", 8, "dlpm.q.c1", 8, "dlpm.refills", 1, "blocked", 3).done().end("stalled");
        assertKept(ID, open.events());
        var closed = DlpmTraces.dlpm().arrive(0, 4, 1).arrive(2, 4, 1).arrive(3, 4, 1).arrive(4, 4, 1)
                .step().slice(0, 0, 4).slice(2, 0, 4).emit(0, 2).finish(0, 2)
                .witness("dlpm.q.c0", 8, "dlpm.q.c1", 8, "dlpm.refills", 1, "blocked", 4).done().end("stalled");
        assertBroken(ID, closed.events(), 0, 4, "gate is closed (deficit 8, committed prompt work 8)");
    }
}
