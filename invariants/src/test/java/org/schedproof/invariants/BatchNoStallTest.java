package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BATCH-NO-STALL")
class BatchNoStallTest {
    private static final Checkers ID = Checkers.BATCH_NO_STALL;

    private static TraceBuilder stalling(String batching) {
        return new TraceBuilder(TraceBuilder.SMALL, batching).arrive(0, 4, 2).arrive(1, 8, 1)
                .step().slice(0, 0, 4).emit(0).done()
                .step().slice(1, 0, 8).emit(1).finish(1).done()      // request 0's decode left out
                .step().slice(0, 4, 1).emit(0).finish(0).done().end();
    }

    @Test
    void BATCH_NO_STALL_keptByARunThatDecodesEveryStep() {
        assertKept(ID, CheckerTestSupport.goodRun().events());
    }

    @Test
    void BATCH_NO_STALL_keptWhenTheDecodeIsPreempted() {
        var trace = TraceBuilder.sarathi().arrive(0, 4, 2).arrive(1, 8, 1)
                .step().slice(0, 0, 4).emit(0).done()
                .step().preempt(0).slice(1, 0, 8).emit(1).finish(1).done()
                .step().slice(0, 0, 5).emit(0).finish(0).done().end();
        assertKept(ID, trace.events());
    }

    @Test
    void BATCH_NO_STALL_brokenByALeftOutDecode() {
        assertBroken(ID, stalling("sarathi").events(), 1, 0, "decode of request 0 (position 4) stalled");
    }

    @Test
    void BATCH_NO_STALL_notApplicableWithoutSarathi() {
        Checker c = CheckerTestSupport.run(ID, stalling("prefill-first").events());
        assertThat(c.applicable()).isFalse();
        assertThat(c.violations()).isEmpty();
    }
}
