package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.trace.TraceEvent;

@DisplayName("SAFE-CONSERVATION")
class SafeConservationTest {
    private static final Checkers ID = Checkers.SAFE_CONSERVATION;

    @Test
    void SAFE_CONSERVATION_keptByARunWhereEveryRequestCompletesOnce() {
        assertKept(ID, CheckerTestSupport.goodRun().events());
    }

    @Test
    void SAFE_CONSERVATION_brokenByFinishingWithTooFewTokens() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 3)
                .step().slice(0, 0, 6).emit(0).done()
                .step().slice(0, 6, 1).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 1, 0, "finishes with 2 tokens", "maxNewTokens 3");
    }

    @Test
    void SAFE_CONSERVATION_brokenByALastTokenWithoutFinishing() {
        var trace = TraceBuilder.sarathi().arrive(4, 6, 1)
                .step().slice(4, 0, 6).emit(4).done().end();
        assertBroken(ID, trace.events(), 0, 4, "not listed as finished");
    }

    @Test
    void SAFE_CONSERVATION_brokenByATokenAfterCompletion() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1)
                .step().slice(0, 0, 6).emit(0).finish(0).done()
                .step().slice(0, 6, 1).emit(0).done().end();
        assertBroken(ID, trace.events(), 1, 0, "after it finished");
    }

    @Test
    void SAFE_CONSERVATION_brokenByACompletionWithTheWrongCount() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1)
                .step().slice(0, 0, 6).emit(0).finish(0).completionSays(0, 2).done().end();
        assertBroken(ID, trace.events(), 0, 0, "generated 2", "maxNewTokens is 1");
    }

    @Test
    void SAFE_CONSERVATION_brokenByAMissingCompletionLine() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1)
                .step().slice(0, 0, 6).emit(0).finish(0).noCompletions().done().end();
        assertBroken(ID, trace.events(), 0, 0, "has no completion line");
    }

    @Test
    void SAFE_CONSERVATION_brokenByARequestLeftUnfinishedAtDone() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1).arrive(1, 6, 1)
                .step().slice(0, 0, 6).emit(0).finish(0).done().end();
        assertBroken(ID, trace.events(), 0, 1, "never completed", "0 of 1 tokens");
    }

    @Test
    void SAFE_CONSERVATION_reportsARunThatDidNotEndDone() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1).arrive(1, 6, 1)
                .step().slice(0, 0, 6).emit(0).finish(0).done().end(TraceEvent.End.STALLED);
        assertBroken(ID, trace.events(), 0, 1, "ended 'stalled'", "1 of 2 arrived requests unfinished");
    }
}
