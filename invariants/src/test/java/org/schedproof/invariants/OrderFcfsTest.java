package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.trace.TraceEvent;

@DisplayName("ORDER-FCFS")
class OrderFcfsTest {
    private static final Checkers ID = Checkers.ORDER_FCFS;

    /** Requests 0, 1 (both at time 0) and 2 (later); 0 runs, is preempted, and must be re-admitted before 2. */
    private static TraceBuilder preemption(boolean zeroBeforeTwo) {
        var t = new TraceBuilder(TraceBuilder.SMALL, "sarathi").arrive(0, 4, 2).arrive(1, 4, 1)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1).finish(1).done()
                .arrive(2, 4, 1)
                .step().preempt(0).done();
        t = zeroBeforeTwo
                ? t.step().slice(0, 0, 5).slice(2, 0, 3).emit(0).finish(0).done()
                        .step().slice(2, 3, 1).emit(2).finish(2).done()
                : t.step().slice(2, 0, 4).slice(0, 0, 4).emit(2).finish(2).done()
                        .step().slice(0, 4, 1).emit(0).finish(0).done();
        return t.end();
    }

    @Test
    void ORDER_FCFS_keptByAnArrivalOrderRun() {
        assertKept(ID, CheckerTestSupport.goodRun().events());
    }

    @Test
    void ORDER_FCFS_keptWhenAPreemptedRequestIsReadmittedAtItsPlace() {
        // request 0 arrived before request 2, so after its preemption it is admitted first again
        assertKept(ID, preemption(true).events());
    }

    @Test
    void ORDER_FCFS_brokenByAPreemptedRequestLosingItsPlace() {
        assertBroken(ID, preemption(false).events(), 2, 2, "admits request 2", "request 0 (arrived 0 us) is ahead");
    }

    @Test
    void ORDER_FCFS_brokenByNewestFirst() {
        // 0 and 1 arrive together: 0 comes first by id, but only 1 is admitted
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1).arrive(1, 6, 1)
                .step().slice(1, 0, 6).emit(1).finish(1).done()
                .step().slice(0, 0, 6).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 0, 1, "admits request 1", "request 0");
    }

    @Test
    void ORDER_FCFS_brokenByAdmittingPastAHeadThatDidNotFit() {
        // a 10-token head does not fit the 8-token budget, the 4-token request behind it is admitted: no head-of-line stop
        var trace = TraceBuilder.sarathi().arrive(0, 10, 1).arrive(1, 4, 1)
                .step().slice(1, 0, 4).emit(1).finish(1).done()
                .step().slice(0, 0, 8).done()
                .step().slice(0, 8, 2).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 0, 1, "request 0");
    }

    @Test
    void ORDER_FCFS_notApplicableToAnotherPolicyUnlessForced() {
        var trace = new TraceBuilder(TraceBuilder.SMALL, "vtc", "sarathi", Map.of()).arrive(0, 6, 1).arrive(1, 6, 1)
                .step().slice(1, 0, 6).emit(1).finish(1).done()
                .step().slice(0, 0, 6).emit(0).finish(0).done().end();
        Checker c = CheckerTestSupport.run(ID, trace.events());
        assertThat(c.applicable()).isFalse();
        assertThat(c.violations()).isEmpty();
        TraceCheck.Report forced = TraceCheck.run(TraceCheck.asPolicy(trace.events(), "fcfs"), List.of(ID.create()));
        assertThat(forced.get("ORDER-FCFS").status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(((TraceEvent.Header) TraceCheck.asPolicy(trace.events(), "fcfs").iterator().next()).policy())
                .isEqualTo("fcfs/sarathi");
    }
}
