package org.schedproof.engine.batching;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.kernels.TokenBudget;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/**
 * Sarathi-Serve's stall-free batching with chunked prefill (Agrawal et al., OSDI'24, section 4; microsoft/sarathi-serve
 * {@code sarathi_scheduler.py}; ALGORITHMS.md 4.3): every running decode first (preempting from the tail when a
 * decode lacks a block), then ongoing prefills chunked to the budget left, then new requests in policy order with a
 * head-of-line stop, each admitted only when the blocks of its whole sequence fit above the watermark, and none in an
 * iteration that preempted (vLLM V1's rule; Sarathi's code admits there too, but it has no prefix cache whose
 * freed blocks a new admission could pin).
 */
public final class StallFree extends BatchFormer {
    public StallFree(Ordering ordering) {
        super(ordering);
    }

    @Override
    protected String formerName() {
        return "sarathi";
    }

    //@ ensures \result.tokens() <= Math.max(view.config().tokenBudget(), \result.slices().size());
    @Override
    public Batch schedule(EngineView view) {
        // The kernel's proved range; a budget of 2^30 tokens already exceeds what any one step can compute.
        TokenBudget budget = new TokenBudget(Math.min(view.config().tokenBudget(), TokenBudget.MAX_TOKENS));
        int blockSize = view.config().blockSize();
        List<? extends RequestView> run = view.running();
        boolean[] gone = new boolean[run.size()];
        List<Long> preempted = new ArrayList<>();
        List<Slice> slices = new ArrayList<>();
        long avail = (long) view.freeBlocks() + view.evictableBlocks();
        long reserved = 0;
        for (RequestView r : run) {
            if (!r.isDecode()) reserved += view.blocksFor(r.sequenceLength()) - r.blocksHeld();
        }
        for (int i = 0; i < run.size(); i++) {
            RequestView r = run.get(i);
            if (gone[i] || !r.isDecode()) continue;
            long need = view.blocksFor(r.computed() + 1) - r.blocksHeld();
            if (avail - reserved < need) {
                long before = preempted.size();
                long gained = preemptFromTail(view, run, gone, i, need - (avail - reserved), preempted);
                for (int k = (int) before; k < preempted.size(); k++) {
                    reserved -= reservationOf(view, run, preempted.get(k));
                }
                if (gained < 0) continue;
                avail += gained;
            }
            slices.add(new Slice(r.id(), r.computed(), 1));
            budget.addDecode();
            avail -= need;
        }
        for (int i = 0; i < run.size(); i++) {
            RequestView r = run.get(i);
            if (gone[i] || r.isDecode()) continue;
            long fits = (r.blocksHeld() + Math.max(0, avail)) * (long) blockSize - r.computed();
            int c = budget.chunk(r.pending(), fits);
            if (c == 0) continue;
            long blocks = view.blocksFor(r.computed() + c) - r.blocksHeld();
            avail -= blocks;
            reserved -= blocks;
            slices.add(new Slice(r.id(), r.computed(), c));
            budget.take(c);
        }
        int runningCount = run.size() - preempted.size();
        long headroom = avail - reserved;
        // As vLLM V1: no admission in an iteration that preempted (the victims' blocks are not free to count twice).
        Ordering.Pass pass = pass(view);
        for (RequestView w; preempted.isEmpty() && (w = pass.next()) != null; ) {
            if (runningCount >= view.config().maxRunning()) break;
            int hit = view.cachedPrefixTokens(w.id());
            int c = budget.chunk(w.sequenceLength() - hit);
            if (c == 0) break;
            long take = admissionBlocks(view, w, hit);
            if (headroom - take < view.config().watermarkBlocks()) break;
            headroom -= take;
            slices.add(new Slice(w.id(), hit, c));
            pass.admitted(w, hit, c);
            budget.take(c);
            runningCount++;
        }
        return new Batch(preempted, slices);
    }

    private static long reservationOf(EngineView view, List<? extends RequestView> run, long id) {
        for (RequestView r : run) {
            if (r.id() == id) return r.isDecode() ? 0 : view.blocksFor(r.sequenceLength()) - r.blocksHeld();
        }
        return 0;
    }
}
