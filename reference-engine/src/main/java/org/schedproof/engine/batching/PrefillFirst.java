package org.schedproof.engine.batching;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;

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
        long avail = (long) view.freeBlocks() + view.evictableBlocks();
        List<Slice> slices = new ArrayList<>();
        admitWholePrompts(view, view.running().size(), 0, avail, slices);
        if (!slices.isEmpty()) return Batch.of(slices);
        List<Long> preempted = new ArrayList<>();
        runAllRunning(view, avail, view.config().tokenBudget(), slices, preempted);
        return new Batch(preempted, slices);
    }
}
