package org.schedproof.engine.batching;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/**
 * vLLM v0's prefill-prioritizing batching (sarathi-serve {@code vllm_scheduler.py}; ALGORITHMS.md 4.6): admit whole
 * prompts in policy order while the token budget, the sequence cap and KV above the watermark allow; if any was
 * admitted the iteration is prefill-only (running decodes stall); otherwise every running request decodes, with
 * preemption from the tail when a decode lacks a block. A prompt longer than the budget is never admitted, as
 * in vLLM, which requires max_num_batched_tokens to cover the longest sequence.
 */
public final class PrefillFirst extends BatchFormer {
    public PrefillFirst(Ordering ordering) {
        super(ordering);
    }

    @Override
    protected String formerName() {
        return "prefill-first";
    }

    @Override
    public Batch schedule(EngineView view) {
        int budget = view.config().tokenBudget();
        long avail = (long) view.freeBlocks() + view.evictableBlocks();
        List<Slice> slices = new ArrayList<>();
        int runningCount = view.running().size();
        long tokens = 0;
        Ordering.Pass pass = ordering.pass(view);
        for (RequestView w; (w = pass.next()) != null; ) {
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
        if (!slices.isEmpty()) return Batch.of(slices);
        List<? extends RequestView> run = view.running();
        boolean[] gone = new boolean[run.size()];
        List<Long> preempted = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            if (gone[i]) continue;
            RequestView r = run.get(i);
            long need = view.blocksFor(r.sequenceLength()) - r.blocksHeld();
            if (avail < need) {
                long gained = preemptFromTail(view, run, gone, i, need - avail, preempted);
                if (gained < 0) continue;
                avail += gained;
            }
            slices.add(new Slice(r.id(), r.computed(), r.pending()));
            avail -= need;
        }
        return new Batch(preempted, slices);
    }
}
