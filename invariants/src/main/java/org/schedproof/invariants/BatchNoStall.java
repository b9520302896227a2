package org.schedproof.invariants;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent;

/**
 * BATCH-NO-STALL (Sarathi-Serve stall-free batching, ALGORITHMS.md 4.5.1): in every step (as asked, if rejected),
 * each request that was running in decode phase at its start (emitted at least one token, only its newest token lacks
 * KV) and that the step does not preempt has a slice. Applies when the header's parameters say
 * {@code batching=sarathi}.
 */
final class BatchNoStall extends AbstractChecker {
    /** The step's sliced and preempted requests (reused from step to step). */
    private final LongOpenHashSet served = new LongOpenHashSet();
    private final LongOpenHashSet preempted = new LongOpenHashSet();

    BatchNoStall() {
        super("BATCH-NO-STALL", "every running decode not preempted in a step has a slice in it (batching=sarathi)",
                new Replay(true, false));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    public boolean applicable() {
        return "sarathi".equals(batching());
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        if (!applies()) return;
        served.clear();
        for (int k = 0; k < f.slices.size(); k++) served.add(f.slices.get(k).slice().requestId()); // s's, in an ArrayList
        preempted.clear();
        for (int k = 0; k < s.preempted().size(); k++) preempted.add((long) s.preempted().get(k)); // no iterator object
        Replay.RunningAtStart running = f.runningAtStart;
        for (int k = 0; k < running.size(); k++) {
            long id = running.id(k);
            if (running.decode(k) && !served.contains(id) && !preempted.contains(id)) {
                report(s.index(), id, "decode of request " + id + " (position " + running.computed(k)
                        + ") stalled: neither sliced nor preempted in a step of " + s.slices().size() + " slices");
            }
        }
    }
}
