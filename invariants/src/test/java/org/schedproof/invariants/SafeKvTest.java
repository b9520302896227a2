package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Violation;

@DisplayName("SAFE-KV")
class SafeKvTest {
    private static final Checkers ID = Checkers.SAFE_KV;

    @Test
    void SAFE_KV_keptByARunWhoseKvUsedIsTight() {
        // goodRun's kvUsedBlocks equal the recomputed lower bound in steps 0 and 1 (shared first block counted once)
        // and exceed it after, when cached blocks no running request holds remain
        assertKept(ID, CheckerTestSupport.goodRun().events());
    }

    @Test
    void SAFE_KV_brokenByKvUsedAboveNumBlocks() {
        var trace = TraceBuilder.sarathi().arrive(0, 6, 1)
                .step().slice(0, 0, 6).emit(0).finish(0).kv(21).done().end();
        assertBroken(ID, trace.events(), 0, Violation.NO_REQUEST, "kvUsedBlocks 21 > numBlocks 20");
    }

    @Test
    void SAFE_KV_brokenByOneRequestComputingMorePositionsThanThePoolHolds() {
        // 20 blocks of 4 = 80 positions; request 3 computes 84
        var trace = TraceBuilder.sarathi().arrive(3, 90, 1)
                .step().slice(3, 0, 84).kv(20).done().end("stalled");
        assertBroken(ID, trace.events(), 0, 3, "84 positions", "21 blocks");
    }

    @Test
    void SAFE_KV_brokenByKvUsedBelowWhatTheRunningRequestsHold() {
        // requests 0 and 1 have different prompts: 2 + 2 blocks, but the engine says 3
        var trace = TraceBuilder.sarathi().arrive(0, 8, 2).arrive(1, 5, 2)
                .step().slice(0, 0, 8).kv(3).emit(0).done()
                .end("stalled");
        assertKept(ID, trace.events());
        var broken = TraceBuilder.sarathi().arrive(0, 8, 2).arrive(1, 6, 2)
                .step().slice(0, 0, 8).emit(0).kv(2).done()
                .step().slice(0, 8, 1).slice(1, 0, 6).emit(0, 1).finish(0).kv(1).done()
                .end("stalled");
        // step 0: request 0 holds 2 full blocks, fine; step 1: request 1 holds 1 full + 1 partial block = 2 > 1
        assertBroken(ID, broken.events(), 1, Violation.NO_REQUEST, "kvUsedBlocks 1 < 2");
    }

    @Test
    void SAFE_KV_sharedPrefixBlocksCountOnce() {
        // both prompts start with the same 4-token block of key 1: 1 shared + 2 partial = 3 blocks suffice
        var trace = TraceBuilder.sarathi().arriveSegments(0, 1, 1, 4, 2, 6).arriveSegments(1, 1, 1, 4, 3, 6)
                .step().slice(0, 0, 4).slice(1, 0, 4).kv(1).done()
                .step().slice(0, 4, 2).slice(1, 4, 2).emit(0, 1).finish(0, 1).kv(1).done().end();
        assertKept(ID, trace.events());
    }

    @Test
    void SAFE_KV_judgesTheBatchARejectedStepAskedFor() {
        // two 44-token prompts need 11 blocks of 4 each: 22 > 20 asked at once; one at a time fits
        var trace = new TraceBuilder(TraceBuilder.SMALL.withTokenBudget(100), "sarathi").arrive(0, 44, 1).arrive(1, 44, 1)
                .step().slice(0, 0, 44).slice(1, 0, 44).kv(0).rejected().done()
                .step().slice(0, 0, 44).emit(0).finish(0).kv(11).done()
                .step().slice(1, 0, 44).emit(1).finish(1).kv(11).done().end();
        assertBroken(ID, trace.events(), 0, Violation.NO_REQUEST, "need at least 22 blocks at once > numBlocks 20",
                "in a batch the engine rejected");
        assertThat(CheckerTestSupport.violations(ID, trace.events())).hasSize(1);
    }
}
