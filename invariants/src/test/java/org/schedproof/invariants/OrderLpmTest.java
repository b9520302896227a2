package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ORDER-LPM")
class OrderLpmTest {
    private static final Checkers ID = Checkers.ORDER_LPM;

    /**
     * Request 0 puts block [key 1] in the cache; then request 2 (same first block: a 4-token hit) and request 4 (no
     * common prefix) are admitted in one step, in the order given.
     */
    private static TraceBuilder twoAdmissions(String policy, String check, boolean longestFirst) {
        var t = new TraceBuilder(TraceBuilder.SMALL, policy, "sarathi", Map.of("inbatch-check", check))
                .arriveSegments(0, 1, 1, 4, 3, 6)
                .step().slice(0, 0, 6).emit(0).finish(0).done()
                .arriveSegments(2, 1, 1, 4, 9, 6).arriveSegments(4, 1, 5, 6);
        t = longestFirst ? t.step().slice(2, 4, 2).hit(2, 4).slice(4, 0, 6).emit(2, 4).finish(2, 4).done()
                : t.step().slice(4, 0, 6).slice(2, 4, 2).hit(2, 4).emit(4, 2).finish(4, 2).done();
        return t.end();
    }

    @Test
    void ORDER_LPM_keptByTheLongestPrefixFirst() {
        assertKept(ID, twoAdmissions("lpm", "32", true).events());
        assertKept(ID, twoAdmissions("dlpm", "32", true).events());
    }

    @Test
    void ORDER_LPM_keptWhenTheLaterOneMayBeDeprioritized() {
        // a 4-token hit is <= inbatch-check 32: it may have been deprioritized behind the cold request
        assertKept(ID, twoAdmissions("lpm", "32", false).events());
    }

    @Test
    void ORDER_LPM_brokenByAShorterPrefixFirst() {
        // with inbatch-check 0 only a 0-token hit can be deprioritized: 4 after 0 breaks the order
        assertBroken(ID, twoAdmissions("lpm", "0", false).events(), 1, 2, "request 2 with a 4-token cached prefix "
                + "after request 4 with 0", "4 > inbatch-check 0");
    }

    @Test
    void ORDER_LPM_notApplicableToFcfs() {
        assertThat(CheckerTestSupport.run(ID, twoAdmissions("fcfs", "0", false).events()).applicable()).isFalse();
    }
}
