package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Violation;

@DisplayName("LIVE-STARVATION")
class LiveStarvationTest {
    private static final Checkers ID = Checkers.LIVE_STARVATION;

    /**
     * Threshold S = 2, quantum P = 1. Request 0 runs at steps 0 and 1 while request 1 waits: 1 is idle 2 at step 2's
     * review and is promoted (witness 1); it runs and finishes; request 0, idle 1, is never promoted.
     */
    private static TraceBuilder starving(String starvation, long promotedAtStep2) {
        return new TraceBuilder(TraceBuilder.SMALL, "ltr", "sarathi",
                Map.of("starvation", starvation, "threshold", "2", "quantum", "1"))
                .arrive(0, 4, 3).arrive(1, 4, 1)
                .step().slice(0, 0, 4).emit(0).witness("promoted", 0).done()
                .step().slice(0, 4, 1).emit(0).witness("promoted", 0).done()
                .step().slice(1, 0, 4).emit(1).finish(1).witness("promoted", promotedAtStep2).done()
                .step().slice(0, 5, 1).emit(0).finish(0).witness("promoted", 0).done().end();
    }

    @Test
    void LIVE_STARVATION_keptByAPromotionAtIdleS() {
        assertKept(ID, starving("on", 1).events());
    }

    @Test
    void LIVE_STARVATION_brokenByAPromotionOneIterationLate() {
        assertBroken(ID, starving("on", 0).events(), 2, Violation.NO_REQUEST,
                "witness promoted = 0 but 1 of the 2 live requests are promoted (threshold S = 2");
    }

    @Test
    void LIVE_STARVATION_notApplicableWithoutStarvationControl() {
        assertThat(CheckerTestSupport.run(ID, starving("off", 0).events()).applicable()).isFalse();
    }
}
