package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Cached prefixes, in-batch flags and deficits are derived by hand (spec/MODEL.md 12, FAIRNESS.md 3.1 and 3.3). */
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
        // DLPM, quantum 2048: client c0's gate stays open (2048 - 8 charged in step 0, then 2 committed)
        assertKept(ID, twoAdmissions("dlpm", "32", true).events());
    }

    @Test
    void ORDER_LPM_brokenByAShorterPrefixFirst() {
        // request 2's 4-token hit is <= inbatch-check 32, but no earlier waiting request shares its prefix, so it is
        // not deprioritized: admitting request 4 first passes it over (the admitted-only rule could not tell)
        assertBroken(ID, twoAdmissions("lpm", "32", false).events(), 1, 4, "admits request 4 (0-token cached prefix) "
                + "while request 2 (4-token cached prefix) comes first in the LPM order of 2 waiting requests");
        assertBroken(ID, twoAdmissions("lpm", "0", false).events(), 1, 4, "while request 2 (4-token cached prefix)");
    }

    /**
     * Requests 1, 3, 5 arrive together, nothing cached; 1 and 3 have the same 4-token prompt, 5 another. With
     * inbatch-min 4 a request needs ceil((0 + 4) / 4) = 1 block shared with an entered one: 1 is entered, 3 shares its
     * block and is deprioritized, 5 is entered, so the LPM order is 1, 5, 3. Budget 8 admits two.
     */
    private static TraceBuilder inBatch(String check, long first, long second) {
        return new TraceBuilder(TraceBuilder.SMALL, "lpm", "sarathi", Map.of("inbatch-check", check, "inbatch-min", "4"))
                .arriveSegments(1, 1, 7, 4).arriveSegments(3, 1, 7, 4).arriveSegments(5, 1, 8, 4)
                .step().slice(first, 0, 4).slice(second, 0, 4).emit(first, second).finish(first, second).done().end();
    }

    @Test
    void ORDER_LPM_keptWhenTheInBatchDeduplicationDeprioritizesASharedPrefix() {
        assertKept(ID, inBatch("32", 1, 5).events());
    }

    @Test
    void ORDER_LPM_brokenByADeprioritizedRequestFirstOrByIgnoringTheOption() {
        assertBroken(ID, inBatch("32", 1, 3).events(), 0, 3, "admits request 3 (0-token cached prefix, "
                + "deprioritized in-batch) while request 5 (0-token cached prefix) comes first");
        // inbatch-check -1 turns de-duplication off: the order is arrival, 1, 3, 5
        assertBroken(ID, inBatch("-1", 1, 5).events(), 0, 5, "while request 3 (0-token cached prefix) comes first");
    }

    /**
     * DLPM with quantum 8: requests 0 (c0, prompt 8), 1, 3 (c1), 2 (c0), prompts 4, nothing shared. Step 0: one
     * refill (8, 8), request 0 admitted, charged 8 + 2: c0 at -2. Step 1: c1 at 8 > 0, no refill; the order is 1, 2, 3:
     * request 1 (gate 8 > 0) admitted, committing 4; request 2's client c0 has -2 <= 0, skipped; request 3 (8 - 4 > 0).
     */
    private static TraceBuilder gates(String policy, Map<String, String> parameters, long... step1) {
        var t = new TraceBuilder(TraceBuilder.SMALL, policy, "sarathi", parameters)
                .arrive(0, 8, 1).arrive(1, 4, 1).arrive(2, 4, 1).arrive(3, 4, 1)
                .step().slice(0, 0, 8).emit(0).finish(0).done();
        var s = t.step();
        for (long id : step1) s.slice(id, 0, 4).emit(id).finish(id);
        return s.done().end("stalled");
    }

    @Test
    void ORDER_LPM_keptByDlpmSkippingAClosedGate() {
        assertKept(ID, gates("dlpm", Map.of("quantum", "8"), 1, 3).events());
        // deficits shared with other engines: request 2's gate is unknown, and no later admission of c0 shows it open
        assertKept(ID, gates("dlpm", Map.of("quantum", "8", "deficits", "shared"), 1, 3).events());
    }

    @Test
    void ORDER_LPM_brokenBySkippingAnOpenGate() {
        // plain LPM has no gates: request 2 is passed over
        assertBroken(ID, gates("lpm", Map.of(), 1, 3).events(), 1, 3, "while request 2 (0-token cached prefix)");
        // DLPM: request 1's gate was open (c1: 8 > 0)
        assertBroken(ID, gates("dlpm", Map.of("quantum", "8"), 3).events(), 1, 3, "while request 1 (0-token cached "
                + "prefix) (its client 'c1' has deficit 8 > committed 0) comes first");
        // shared deficits: request 1 is passed over while its client c1 has a later admission (3), so its gate was open
        assertBroken(ID, gates("dlpm", Map.of("quantum", "8", "deficits", "shared"), 2, 3).events(), 1, 2,
                "while request 1 (0-token cached prefix)");
    }

    @Test
    void ORDER_LPM_judgesOnlyTheAdmittedOnceAHitIsNotTheReplays() {
        // step 0 lists a 4-token hit on an empty cache: the replay no longer knows the waiting requests' prefixes, so
        // step 1 is judged on its listed hits, where 4 after 0 with inbatch-check 0 cannot be a deprioritized tail
        var trace = new TraceBuilder(TraceBuilder.SMALL, "lpm", "sarathi", Map.of("inbatch-check", "0"))
                .arriveSegments(2, 1, 1, 4, 9, 6)
                .step().slice(2, 4, 2).hit(2, 4).emit(2).finish(2).done()
                .arriveSegments(4, 1, 5, 6).arriveSegments(6, 1, 1, 4, 3, 6)
                .step().slice(4, 0, 2).slice(6, 4, 2).hit(6, 4).done().end("stalled");
        assertBroken(ID, trace.events(), 1, 6, "admits request 6 with a 4-token cached prefix after request 4 with 0",
                "4 > inbatch-check 0");
    }

    @Test
    void ORDER_LPM_notApplicableToFcfs() {
        assertThat(CheckerTestSupport.run(ID, twoAdmissions("fcfs", "0", false).events()).applicable()).isFalse();
    }
}
