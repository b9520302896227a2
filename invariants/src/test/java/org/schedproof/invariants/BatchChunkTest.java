package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BATCH-CHUNK")
class BatchChunkTest {
    private static final Checkers ID = Checkers.BATCH_CHUNK;

    private static TraceBuilder shorting(String batching) {
        // request 1 has 8 pending after its first chunk; step 1 gives it 2 and a newcomer 4
        return new TraceBuilder(TraceBuilder.SMALL.withMaxRunning(3), batching).arrive(1, 10, 1)
                .step().slice(1, 0, 2).done()
                .arrive(2, 4, 1)
                .step().slice(1, 2, 2).slice(2, 0, 4).emit(2).finish(2).done()
                .step().slice(1, 4, 6).emit(1).finish(1).done().end();
    }

    @Test
    void BATCH_CHUNK_keptWhenTheOngoingPrefillIsFinishedBeforeANewcomer() {
        assertKept(ID, CheckerTestSupport.goodRun().events());
    }

    @Test
    void BATCH_CHUNK_keptWhenTheBudgetRunsOutOnTheOngoingPrefill() {
        var trace = TraceBuilder.sarathi().arrive(1, 20, 1)
                .step().slice(1, 0, 8).done()
                .arrive(2, 4, 1)
                .step().slice(1, 8, 8).done()                       // no tokens left for request 2
                .step().slice(1, 16, 4).slice(2, 0, 4).emit(1, 2).finish(1, 2).done().end();
        assertKept(ID, trace.events());
    }

    @Test
    void BATCH_CHUNK_brokenByANewcomerServedBeforeTheOngoingPrefill() {
        assertBroken(ID, shorting("sarathi").events(), 1, 1, "got 2 of its 8 pending", "new request 2 got 4");
    }

    @Test
    void BATCH_CHUNK_notApplicableWithoutSarathi() {
        Checker c = CheckerTestSupport.run(ID, shorting("prefill-first").events());
        assertThat(c.applicable()).isFalse();
        assertThat(c.violations()).isEmpty();
    }
}
