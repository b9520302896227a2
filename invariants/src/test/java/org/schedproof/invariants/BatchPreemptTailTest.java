package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BATCH-PREEMPT-TAIL")
class BatchPreemptTailTest {
    private static final Checkers ID = Checkers.BATCH_PREEMPT_TAIL;

    /**
     * Blocks of 4; requests 0 and 1 (prompts of 4, 3 tokens each) are admitted in that order and emit: each holds one
     * block and needs a second for its next position, 2 in all. Step 1 preempts {@code victim} and decodes the other.
     */
    private static TraceBuilder twoDecodes(int numBlocks, long victim) {
        return new TraceBuilder(TraceBuilder.SMALL.withBlocks(numBlocks, 4), "sarathi").arrive(0, 4, 3).arrive(1, 4, 3)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1).kv(2).done()
                .step().preempt(victim).slice(1 - victim, 4, 1).emit(1 - victim).kv(2).done().end("stalled");
    }

    @Test
    void BATCH_PREEMPT_TAIL_keptByTheTailVictimWhenBlocksRunShort() {
        // 3 blocks, 2 used: 1 free < 2 needed, so a preemption is due, and request 1 is the tail
        assertKept(ID, twoDecodes(3, 1).events());
        assertKept(ID, CheckerTestSupport.goodRun().events());
    }

    @Test
    void BATCH_PREEMPT_TAIL_brokenByAVictimFromTheHead() {
        assertBroken(ID, twoDecodes(3, 0).events(), 1, 0, "victim 1 is request 0 but the running order's tail is "
                + "request 1");
    }

    @Test
    void BATCH_PREEMPT_TAIL_brokenByANeedlessPreemption() {
        // 20 blocks, 2 used: 18 free >= the 2 the running requests could need
        assertBroken(ID, twoDecodes(20, 1).events(), 1, 1, "although 18 blocks are free", "need at most 2");
    }
}
