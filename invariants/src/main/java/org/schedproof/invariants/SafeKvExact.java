package org.schedproof.invariants;

import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent;

/**
 * SAFE-KV-EXACT (ALGORITHMS.md 8.3 KV conservation, 3.2 and 3.7.6 LRU eviction of unreferenced leaves; spec/MODEL.md
 * section 12): replaying the prefix cache and the KV pool from the trace ({@link CacheReplay}), every applied step's
 * {@code hits} are exactly the cached prefixes its admissions find, its {@code evictedBlocks} exactly the blocks it
 * must evict, and every step's {@code kvUsedBlocks} exactly the blocks held by requests plus the cached ones. After the
 * first step that disagrees the replay no longer describes the engine's memory, so later steps are not judged.
 */
final class SafeKvExact extends AbstractChecker {
    private CacheReplay cache;
    private boolean diverged;

    SafeKvExact() {
        super("SAFE-KV-EXACT", "replaying the prefix cache and its LRU evictions: hits, evictedBlocks and kvUsedBlocks "
                + "are exactly the replay's", new Replay(false, false));
    }

    /** Its cache replay reads only the step facts, and costs about as much as the other checkers together. */
    @Override
    Lane lane() {
        return Lane.OWN;
    }

    @Override
    protected void onHeader(TraceEvent.Header h) {
        cache = new CacheReplay(h.engine());
    }

    @Override
    protected void onArrival(TraceEvent.Arrival a) {
        cache.arrive(a.request());
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        if (diverged) return;
        int evicted = 0;
        if (!s.rejected()) {
            CacheReplay.Applied applied = cache.apply(f);
            evicted = applied.evicted();
            for (CacheReplay.Admission a : applied.admissions()) {
                if (a.listed() != a.matched()) {
                    diverge(s.index(), a.requestId(), "admits request " + a.requestId() + " with a " + a.listed()
                            + "-token cached prefix but the cache holds " + a.matched() + " tokens of it");
                }
            }
        }
        if (s.evictedBlocks() != evicted) {
            diverge(s.index(), Violation.NO_REQUEST, "evictedBlocks " + s.evictedBlocks() + " but the step must evict "
                    + evicted + " (LRU cached blocks, only when no block is free)");
        }
        long used = cache.usedBlocks();
        if (s.kvUsedBlocks() != used) {
            diverge(s.index(), Violation.NO_REQUEST, "kvUsedBlocks " + s.kvUsedBlocks() + " but requests and the cache "
                    + "hold " + used);
        }
    }

    private void diverge(long step, long requestId, String message) {
        diverged = true;
        report(step, requestId, message + " (later steps are not judged: the replay no longer matches the engine)");
    }
}
