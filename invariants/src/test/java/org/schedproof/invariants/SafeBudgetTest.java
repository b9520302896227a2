package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;
import static org.schedproof.invariants.CheckerTestSupport.violations;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SAFE-BUDGET")
class SafeBudgetTest {
    private static final Checkers ID = Checkers.SAFE_BUDGET;

    @Test
    void SAFE_BUDGET_keptByARunThatFillsTheBudgetExactly() {
        assertKept(ID, CheckerTestSupport.goodRun().events());
    }

    @Test
    void SAFE_BUDGET_brokenByNineTokensOverABudgetOfEight_namesTheSliceThatCrossedIt() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1).arrive(1, 6, 1)
                .step().slice(0, 0, 6).slice(1, 0, 3).done().end();
        assertBroken(ID, trace.events(), 0, 1, "9 tokens", "tokenBudget 8");
    }

    @Test
    void SAFE_BUDGET_keptByMoreDecodesThanTheBudget() {
        // budget 2, three running decodes: max(2, 3) = 3 tokens are allowed
        var config = TraceBuilder.SMALL.withTokenBudget(2).withMaxRunning(3);
        var trace = new TraceBuilder(config, "sarathi").arrive(0, 1, 2).arrive(1, 1, 2).arrive(2, 1, 2)
                .step().slice(0, 0, 1).emit(0).done()
                .step().slice(1, 0, 1).emit(1).done()
                .step().slice(2, 0, 1).emit(2).done()
                .step().slice(0, 1, 1).slice(1, 1, 1).slice(2, 1, 1).emit(0, 1, 2).finish(0, 1, 2).done()
                .end();
        assertKept(ID, trace.events());
    }

    @Test
    void SAFE_BUDGET_aOneTokenPrefillIsNoDecode() {
        // budget 2; request 2's one-token slice is its first (a prefill), so only 2 decodes: 3 > max(2, 2)
        var config = TraceBuilder.SMALL.withTokenBudget(2).withMaxRunning(3);
        var trace = new TraceBuilder(config, "sarathi").arrive(0, 1, 2).arrive(1, 1, 2).arrive(2, 1, 2)
                .step().slice(0, 0, 1).emit(0).done()
                .step().slice(1, 0, 1).emit(1).done()
                .step().slice(0, 1, 1).slice(1, 1, 1).slice(2, 0, 1).emit(0, 1, 2).finish(0, 1).done()
                .end();
        assertBroken(ID, trace.events(), 2, 2, "3 tokens (2 decodes)");
    }

    @Test
    void SAFE_BUDGET_judgesTheBatchARejectedStepAskedFor() {
        // 6 + 6 = 12 tokens asked for under a budget of 8: the engine refused it, the scheduler still broke the rule
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1).arrive(1, 6, 1)
                .step().slice(0, 0, 6).slice(1, 0, 6).rejected().done()
                .step().slice(0, 0, 6).emit(0).finish(0).done()
                .step().slice(1, 0, 6).emit(1).finish(1).done().end();
        assertBroken(ID, trace.events(), 0, 1, "12 tokens", "in a batch the engine rejected");
        assertThat(violations(ID, trace.events())).hasSize(1);
    }

    @Test
    void SAFE_BUDGET_aRejectedStepAppliesNothing() {
        // the rejected step would have finished request 0; the next step runs the same batch legally
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1)
                .step().slice(0, 0, 6).rejected().done()
                .step().slice(0, 0, 6).emit(0).finish(0).done().end();
        assertKept(ID, trace.events());
    }
}
