package org.schedproof.gpu.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.Scheduler;

/**
 * A seeded scheduler that breaks the contract on purpose about half the time: wrong starts, overruns, unknown and
 * duplicate ids, preempting and scheduling one request, offloading what does not run and prefetching what is not offloaded, throwing, over-budget batches; otherwise it sends legal slices.
 */
final class RandomBatches implements Scheduler {
    private final SplittableRandom rng;
    private final List<Long> finished = new ArrayList<>();

    RandomBatches(long seed) {
        this.rng = new SplittableRandom(seed ^ 0x5EED);
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public void onStepEnd(org.schedproof.spec.sched.StepOutcome outcome) {
        finished.addAll(outcome.finished());
    }

    @Override
    public Batch schedule(EngineView view) {
        List<RequestView> all = new ArrayList<>(view.running());
        all.addAll(view.waiting());
        List<Long> preempt = new ArrayList<>();
        List<Slice> slices = new ArrayList<>();
        boolean wild = rng.nextInt(8) == 0;
        List<Long> offload = new ArrayList<>();
        List<Long> prefetch = new ArrayList<>();
        for (RequestView r : view.running()) {
            if (rng.nextInt(wild ? 4 : 60) == 0) preempt.add(r.id());
            else if (view.config().host().blocks() > 0 && rng.nextInt(wild ? 4 : 20) == 0) offload.add(r.id());
        }
        for (RequestView r : view.offloaded()) {
            if (rng.nextInt(wild ? 2 : 4) == 0) prefetch.add(r.id());
        }
        if (wild && rng.nextInt(4) == 0 && !view.running().isEmpty()) offload.add(view.running().get(0).id());
        if (wild && rng.nextInt(4) == 0) prefetch.add(view.running().isEmpty() ? 99 : view.running().get(0).id());
        int budget = view.config().tokenBudget();
        for (RequestView r : all) {
            if (rng.nextInt(3) == 0 || (!wild && (preempt.contains(r.id()) || offload.contains(r.id())))) continue;
            boolean waiting = view.waiting().contains(r);
            int start = waiting ? view.cachedPrefixTokens(r.id()) : r.computed();
            int most = wild ? r.sequenceLength() - start + 2 : Math.min(r.sequenceLength() - start, budget);
            if (most <= 0) break;
            int length = 1 + rng.nextInt(most);
            if (wild && rng.nextInt(6) == 0) start += rng.nextInt(3) - 1;
            slices.add(new Slice(r.id(), Math.max(0, start), length));
            if (!wild) budget -= length;
        }
        if (wild && rng.nextInt(5) == 0) slices.add(new Slice(10_000 + rng.nextInt(5), 0, 1));
        if (wild && rng.nextInt(5) == 0 && !finished.isEmpty()) slices.add(new Slice(finished.get(0), 0, 1));
        if (wild && rng.nextInt(5) == 0 && !view.waiting().isEmpty()) preempt.add(view.waiting().get(0).id());
        if (wild && rng.nextInt(5) == 0 && !preempt.isEmpty()) preempt.add(preempt.get(0));
        if (wild && rng.nextInt(5) == 0 && !prefetch.isEmpty()) prefetch.add(prefetch.get(0));
        if (wild && rng.nextInt(100) == 0) throw new IllegalStateException("a scheduler bug");
        if (wild && rng.nextInt(5) == 0 && !slices.isEmpty()) slices.add(slices.get(0));
        return new Batch(preempt, offload, prefetch, slices);
    }
}
