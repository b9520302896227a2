package org.schedproof.engine.batching;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/**
 * Orca's iteration-level batching (Yu et al., OSDI'22; sarathi-serve {@code orca_scheduler.py}; ALGORITHMS.md 4.6):
 * every iteration runs all running requests (their decodes, preempting from the tail when one lacks a block) plus new
 * requests in policy order, each with its whole prompt (no chunking), with a head-of-line stop when the sequence cap
 * or KV above the watermark runs out. Hybrid batches: decodes never stall for a prefill. Orca adds no token cap of
 * its own; the engine's token budget stands for the largest forward pass it can run, so, as with prefill-first,
 * give it a budget covering the longest sequence. As in {@link StallFree}, an iteration that preempted admits
 * nothing (the victims' blocks are not free to count twice).
 */
public final class Orca extends BatchFormer {
    public Orca(Ordering ordering) {
        super(ordering);
    }

    @Override
    protected String formerName() {
        return "orca";
    }

    //@ ensures \result.tokens() <= Math.max(view.config().tokenBudget(), view.decodeSlices(\result));
    @Override
    public Batch schedule(EngineView view) {
        long avail = (long) view.freeBlocks() + view.evictableBlocks();
        List<Slice> slices = new ArrayList<>();
        List<Long> preempted = new ArrayList<>();
        long tokens = runAllRunning(view, avail, view.config().tokenBudget(), slices, preempted);
        if (preempted.isEmpty()) {
            long taken = 0;
            for (RequestView r : view.running()) taken += view.blocksFor(r.sequenceLength()) - r.blocksHeld();
            admitWholePrompts(view, view.running().size(), tokens, avail - taken, slices);
        }
        return new Batch(preempted, slices);
    }
}
