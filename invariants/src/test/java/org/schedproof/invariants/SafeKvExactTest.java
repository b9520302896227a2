package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Violation;

/** Expected hits, evictions and kvUsedBlocks derived by hand from spec/MODEL.md section 12, as each comment says. */
@DisplayName("SAFE-KV-EXACT")
class SafeKvExactTest {
    private static final Checkers ID = Checkers.SAFE_KV_EXACT;
    /** 3 blocks of 4 positions, budget 16. */
    private static final EngineConfig TINY_POOL = TraceBuilder.SMALL.withBlocks(3, 4).withTokenBudget(16);

    @Test
    void SAFE_KV_EXACT_keptByTheGoodRun() {
        assertKept(ID, CheckerTestSupport.goodRun().events());
    }

    /**
     * Step 0 caches request 0's blocks n0 <- n1 and releases them; step 1 needs a third block with none free: the only
     * evictable leaf is n1 (n0 has a child), so n0 stays and request 2 (request 0's prompt) hits it in step 2, where
     * the leaf m1 of request 1 goes (n0 is referenced, m0 has a child).
     */
    private static TraceBuilder leafFirst(boolean hit) {
        var t = new TraceBuilder(TINY_POOL, "sarathi").arrive(0, 8, 1)
                .step().slice(0, 0, 8).emit(0).finish(0).kv(2).done()
                .arrive(1, 8, 1)
                .step().slice(1, 0, 8).emit(1).finish(1).kv(3).evicted(1).done()
                .arriveSegments(2, 1, 100, 8);
        t = hit ? t.step().slice(2, 4, 4).hit(2, 4).emit(2).finish(2).kv(3).evicted(1).done()
                : t.step().slice(2, 0, 8).emit(2).finish(2).kv(3).evicted(2).done();
        return t.end();
    }

    @Test
    void SAFE_KV_EXACT_keptByEvictingLeavesOnly() {
        assertKept(ID, leafFirst(true).events());
    }

    @Test
    void SAFE_KV_EXACT_brokenByEvictingAParentBeforeItsChild() {
        // an engine evicting the older n0 (a parent) in step 1 would find no hit for request 2
        assertBroken(ID, leafFirst(false).events(), 2, 2, "admits request 2 with a 0-token cached prefix but the cache "
                + "holds 4 tokens of it");
    }

    /**
     * Step 0 caches and releases A (request 0) then B (request 1), both last used in step 0: step 1 evicts A, the one
     * cached first, and request 2 caches C <- D. So in step 2 request 3 (B's prompt, longer) hits 4 tokens and takes a
     * block, evicting the leaf D (B is referenced, C has a child); request 4 (A's prompt) would hit nothing.
     */
    private static TraceBuilder tieToTheOlder(long admitted, int hit) {
        var t = new TraceBuilder(TINY_POOL, "sarathi").arrive(0, 4, 1).arrive(1, 4, 1)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1).finish(0, 1).kv(2).done()
                .arrive(2, 8, 1)
                .step().slice(2, 0, 8).emit(2).finish(2).kv(3).evicted(1).done()
                .arriveSegments(3, 1, 101, 8).arriveSegments(4, 1, 100, 8);
        var s = t.step().slice(admitted, hit, 8 - hit);
        if (hit > 0) s.hit(admitted, hit);
        return s.emit(admitted).finish(admitted).kv(3).evicted(hit > 0 ? 1 : 2).done().end("stalled");
    }

    @Test
    void SAFE_KV_EXACT_keptByEvictingTheOlderOfBlocksReleasedInOneStep() {
        assertKept(ID, tieToTheOlder(3, 4).events());
        // request 4 has nothing cached and takes two blocks, evicting the leaves B (last used in step 0), then D
        assertKept(ID, tieToTheOlder(4, 0).events());
    }

    @Test
    void SAFE_KV_EXACT_brokenByAHitOnAnEvictedBlock() {
        // an engine that evicted B (the newer) would hit A for request 4
        assertBroken(ID, tieToTheOlder(4, 4).events(), 2, 4, "admits request 4 with a 4-token cached prefix but the "
                + "cache holds 0 tokens of it");
    }

    @Test
    void SAFE_KV_EXACT_brokenByAMiscountedEvictionOrKvUsed() {
        var noEviction = new TraceBuilder(TINY_POOL, "sarathi").arrive(0, 8, 1)
                .step().slice(0, 0, 8).emit(0).finish(0).kv(2).done()
                .arrive(1, 8, 1)
                .step().slice(1, 0, 8).emit(1).finish(1).kv(3).done().end();
        assertBroken(ID, noEviction.events(), 1, Violation.NO_REQUEST, "evictedBlocks 0 but the step must evict 1");
        var offByOne = new TraceBuilder(TINY_POOL, "sarathi").arrive(0, 8, 1)
                .step().slice(0, 0, 8).emit(0).finish(0).kv(1).done()
                .step().kv(1).done().end();
        assertBroken(ID, offByOne.events(), 0, Violation.NO_REQUEST, "kvUsedBlocks 1 but requests and the cache hold 2",
                "later steps are not judged");
        assertThat(CheckerTestSupport.violations(ID, offByOne.events())).hasSize(1);
    }

    @Test
    void SAFE_KV_EXACT_aPreemptedRequestHitsItsOwnCachedPrompt() {
        // request 0 (prompt 8) caches both prompt blocks and emits; preempted, it keeps nothing but the cache does; its
        // sequence is 9 now, so re-admission hits both blocks (8 < 9) and takes one block of its own (3 - 2 = 1 left)
        var trace = TraceBuilder.sarathi().arrive(0, 8, 2)
                .step().slice(0, 0, 8).emit(0).kv(2).done()
                .step().preempt(0).kv(2).done()
                .step().slice(0, 8, 1).hit(0, 8).emit(0).finish(0).kv(2).done().end();
        assertKept(ID, trace.events());
        var shortHit = TraceBuilder.sarathi().arrive(0, 8, 2)
                .step().slice(0, 0, 8).emit(0).kv(2).done()
                .step().preempt(0).kv(2).done()
                .step().slice(0, 4, 5).hit(0, 4).emit(0).finish(0).kv(3).done().end();
        assertBroken(ID, shortHit.events(), 2, 0, "a 4-token cached prefix but the cache holds 8 tokens");
    }

    @Test
    void SAFE_KV_EXACT_aPrefetchedRequestTakesFreshBlocksAndRejoinsTheCache() {
        // step 0: cached block [0,4) + own partial = 2; step 1 offloads: released at its end, the cached block stays
        // (1); step 2 prefetches 2 fresh blocks of its own (3); step 3 its full prompt block joins the cached one,
        // freeing its copy, and it finishes (1); a rejected step between changes nothing
        var trace = TraceBuilder.sarathi().arrive(0, 6, 2)
                .step().slice(0, 0, 6).emit(0).kv(2).done()
                .step().offload(0).kv(1).done()
                .step().prefetch(0).kv(3).done()
                .step().slice(0, 6, 1).slice(0, 6, 1).rejected().kv(3).done()
                .step().slice(0, 6, 1).emit(0).finish(0).kv(1).done().end();
        assertKept(ID, trace.events());
        var keptCopy = TraceBuilder.sarathi().arrive(0, 6, 2)
                .step().slice(0, 0, 6).emit(0).kv(2).done()
                .step().offload(0).kv(1).done()
                .step().prefetch(0).kv(3).done()
                .step().slice(0, 6, 1).emit(0).finish(0).kv(2).done().end();
        assertBroken(ID, keptCopy.events(), 3, Violation.NO_REQUEST,
                "kvUsedBlocks 2 but requests and the cache hold 1");
    }
}
