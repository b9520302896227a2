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
        int budget = view.config().tokenBudget();
        List<? extends RequestView> run = view.running();
        boolean[] gone = new boolean[run.size()];
        List<Long> preempted = new ArrayList<>();
        List<Slice> slices = new ArrayList<>();
        long avail = (long) view.freeBlocks() + view.evictableBlocks();
        long tokens = 0;
        for (int i = 0; i < run.size(); i++) {
            if (gone[i]) continue;
            RequestView r = run.get(i);
            // A decode always runs; an unfinished prompt (left by another former) only whole and within the budget.
            if (!r.isDecode() && tokens + r.pending() > budget) continue;
            long need = view.blocksFor(r.sequenceLength()) - r.blocksHeld();
            if (avail < need) {
                long gained = preemptFromTail(view, run, gone, i, need - avail, preempted);
                if (gained < 0) continue;
                avail += gained;
            }
            slices.add(new Slice(r.id(), r.computed(), r.pending()));
            tokens += r.pending();
            avail -= need;
        }
        int runningCount = run.size() - preempted.size();
        Ordering.Pass pass = ordering.pass(view);
        for (RequestView w; preempted.isEmpty() && (w = pass.next()) != null; ) {
            if (runningCount >= view.config().maxRunning()) break;
            int hit = view.cachedPrefixTokens(w.id());
            int need = w.sequenceLength() - hit;
            if (tokens + need > budget) break;
            long take = admissionBlocks(view, w, hit);
            if (avail - take < view.config().watermarkBlocks()) break;
            avail -= take;
            slices.add(new Slice(w.id(), hit, need));
            pass.admitted(w, hit, need);
            tokens += need;
            runningCount++;
        }
        return new Batch(preempted, slices);
    }
}
