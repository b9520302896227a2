package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SAFE-PREEMPT")
class SafePreemptTest {
    private static final Checkers ID = Checkers.SAFE_PREEMPT;

    /** Request 0 runs, is preempted in step 1 and restarts from its cached first block with a hit. */
    static TraceBuilder preemptAndRestart(int restartAt, boolean withHit) {
        var step2 = TraceBuilder.sarathi().arrive(0, 6, 3)
                .step().slice(0, 0, 6).emit(0).done()
                .step().preempt(0).done()
                .step().slice(0, restartAt, 7 - restartAt).emit(0);
        if (withHit) step2.hit(0, 4);
        return step2.done()
                .step().slice(0, 7, 1).emit(0).finish(0).done().end();
    }

    @Test
    void SAFE_PREEMPT_keptByARestartFromTheCachedPrefix() {
        assertKept(ID, preemptAndRestart(4, true).events());
        assertKept(ID, preemptAndRestart(0, false).events());
        assertKept(ID, CheckerTestSupport.goodRun().events());
    }

    @Test
    void SAFE_PREEMPT_brokenByARestartWhereItLeftOff() {
        // it had 6 computed (+1 emitted): resuming at 6 keeps KV it lost
        var trace = TraceBuilder.sarathi().arrive(0, 6, 3)
                .step().slice(0, 0, 6).emit(0).done()
                .step().preempt(0).done()
                .step().slice(0, 6, 1).emit(0).done()
                .step().slice(0, 7, 1).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 2, 0, "restarts at position 6", "had 6 computed", "cached prefix is 0");
    }

    @Test
    void SAFE_PREEMPT_brokenByPreemptingAWaitingRequest() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1).arrive(1, 6, 1)
                .step().preempt(1).slice(0, 0, 6).emit(0).finish(0).done().end("stalled");
        assertBroken(ID, trace.events(), 0, 1, "is waiting, not running");
    }

    @Test
    void SAFE_PREEMPT_brokenByPreemptingAndSlicingInOneStep() {
        var trace = TraceBuilder.sarathi().arrive(0, 8, 1)
                .step().slice(0, 0, 4).done()
                .step().preempt(0).slice(0, 0, 8).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 1, 0, "preempted and has a slice");
    }

    @Test
    void SAFE_PREEMPT_brokenByPreemptingTwiceInOneStep() {
        var trace = TraceBuilder.sarathi().arrive(0, 8, 1)
                .step().slice(0, 0, 4).done()
                .step().preempt(0, 0).done().end("stalled");
        assertBroken(ID, trace.events(), 1, 0, "preempted twice");
    }
}
