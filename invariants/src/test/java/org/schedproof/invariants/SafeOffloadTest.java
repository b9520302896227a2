package org.schedproof.invariants;

import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SAFE-OFFLOAD")
class SafeOffloadTest {
    private static final Checkers ID = Checkers.SAFE_OFFLOAD;

    /** The small engine (block 4) with {@code hostBlocks} of host memory at {@code bits}. */
    static TraceBuilder withHost(int hostBlocks, int bits) {
        return new TraceBuilder(TraceBuilder.SMALL.withHost(hostBlocks, bits), "alise");
    }

    /** Request 0 computes 9 positions (3 blocks), is offloaded, prefetched, and resumes at 9. */
    static TraceBuilder offloadAndResume(int hostBlocks, int bits) {
        return withHost(hostBlocks, bits).arrive(0, 8, 3)
                .step().slice(0, 0, 8).emit(0).done()
                .step().slice(0, 8, 1).emit(0).done()
                .step().offload(0).done()
                .step().prefetch(0).done()
                .step().slice(0, 9, 1).emit(0).finish(0).done().end();
    }

    @Test
    void SAFE_OFFLOAD_keptByAnOffloadThatFitsAndAResumeWhereItLeftOff() {
        assertKept(ID, offloadAndResume(3, 16).events());
        // 3 blocks at 8 bits take ceil(3 * 8 / 16) = 2 host blocks
        assertKept(ID, offloadAndResume(2, 8).events());
        assertKept(Checkers.SAFE_CAUSALITY, offloadAndResume(3, 16).events());
        assertKept(Checkers.SAFE_KV, offloadAndResume(3, 16).events());
        assertKept(Checkers.SAFE_MAXRUN, offloadAndResume(3, 16).events());
        assertKept(Checkers.SAFE_CONSERVATION, offloadAndResume(3, 16).events());
    }

    @Test
    void SAFE_OFFLOAD_brokenByHostMemoryTooSmall() {
        // 3 blocks at 16 bits need 3 host blocks; at 8 bits 2 > 1
        assertBroken(ID, offloadAndResume(2, 16).events(), 2, -1, "3 host blocks > engine.host.blocks 2");
        assertBroken(ID, offloadAndResume(1, 8).events(), 2, -1, "2 host blocks > engine.host.blocks 1");
    }

    @Test
    void SAFE_OFFLOAD_brokenByOffloadingWithoutHostMemory() {
        var trace = TraceBuilder.sarathi().arrive(0, 4, 2)
                .step().slice(0, 0, 4).emit(0).done()
                .step().offload(0).done().end("stalled");
        assertBroken(ID, trace.events(), 1, -1, "1 host blocks > engine.host.blocks 0");
    }

    @Test
    void SAFE_OFFLOAD_brokenByOffloadingAWaitingRequestAndPrefetchingARunningOne() {
        var trace = withHost(8, 16).arrive(0, 4, 2).arrive(1, 4, 1)
                .step().slice(0, 0, 4).emit(0).offload(1).done().end("stalled");
        assertBroken(ID, trace.events(), 0, 1, "offloaded but is waiting, not running");
        var prefetch = withHost(8, 16).arrive(0, 4, 2)
                .step().slice(0, 0, 4).emit(0).done()
                .step().prefetch(0).done().end("stalled");
        assertBroken(ID, prefetch.events(), 1, 0, "prefetched but is running, not offloaded");
    }

    @Test
    void SAFE_OFFLOAD_brokenByMovingTwiceInOneStep() {
        var trace = withHost(8, 16).arrive(0, 4, 2)
                .step().slice(0, 0, 4).emit(0).done()
                .step().offload(0).prefetch(0).done().end("stalled");
        assertBroken(ID, trace.events(), 1, 0, "twice in one step");
    }

    @Test
    void SAFE_OFFLOAD_judgesTheBatchARejectedStepAskedFor() {
        // an offload of a waiting request, asked and refused, is still wrong
        var waiting = withHost(8, 16).arrive(0, 4, 2).arrive(1, 4, 1)
                .step().slice(0, 0, 4).emit(0).done()
                .step().offload(1).rejected().done().end("stalled");
        assertBroken(ID, waiting.events(), 1, 1, "offloaded but is waiting, not running (in a batch the engine "
                + "rejected)");
        // request 0's 3 blocks fit the 3 host blocks; the refused offload took none, so the applied one still fits
        var refusedThenApplied = withHost(3, 16).arrive(0, 8, 3)
                .step().slice(0, 0, 8).emit(0).done()
                .step().slice(0, 8, 1).emit(0).done()
                .step().offload(0).rejected().done()
                .step().offload(0).done()
                .step().prefetch(0).done()
                .step().slice(0, 9, 1).emit(0).finish(0).done().end();
        assertKept(ID, refusedThenApplied.events());
    }

    @Test
    void SAFE_CAUSALITY_brokenByRunningWhileOffloadedOrInThePrefetchStep() {
        var whileOffloaded = withHost(8, 16).arrive(0, 4, 2)
                .step().slice(0, 0, 4).emit(0).done()
                .step().offload(0).done()
                .step().slice(0, 4, 1).emit(0).finish(0).done().end();
        assertBroken(Checkers.SAFE_CAUSALITY, whileOffloaded.events(), 2, 0, "host memory");
        var sameStep = withHost(8, 16).arrive(0, 4, 2)
                .step().slice(0, 0, 4).emit(0).done()
                .step().offload(0).done()
                .step().prefetch(0).slice(0, 4, 1).emit(0).finish(0).done().end();
        assertBroken(Checkers.SAFE_CAUSALITY, sameStep.events(), 2, 0, "runs only after its prefetch");
    }

    @Test
    void SAFE_CAUSALITY_brokenByResumingAnywhereButWhereItLeftOff() {
        // it had 9 computed before the offload: restarting at 0 is a recompute it did not ask for
        var trace = withHost(8, 16).arrive(0, 8, 3)
                .step().slice(0, 0, 8).emit(0).done()
                .step().slice(0, 8, 1).emit(0).done()
                .step().offload(0).done()
                .step().prefetch(0).done()
                .step().slice(0, 0, 10).emit(0).finish(0).done().end();
        assertBroken(Checkers.SAFE_CAUSALITY, trace.events(), 4, 0, "starts at 0", "9 positions computed");
    }
}
