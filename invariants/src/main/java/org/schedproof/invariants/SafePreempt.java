package org.schedproof.invariants;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import org.schedproof.spec.trace.TraceEvent;

/**
 * SAFE-PREEMPT: a preempted request was running when preempted (and is preempted once per step); it has no slice
 * in the step that preempts it; and it restarts from its cached prefix: its next slice admits it again, starting at
 * the hit the step lists for it (0 without one), not where it was before. A rejected step's batch is judged as asked
 * and changes nothing.
 */
final class SafePreempt extends AbstractChecker {
    /** Requests preempted and not yet restarted: id -> positions it had computed when preempted. */
    private final Long2IntOpenHashMap awaiting = new Long2IntOpenHashMap();
    {
        awaiting.defaultReturnValue(-1);
    }

    SafePreempt() {
        super("SAFE-PREEMPT", "a preempted request was running, has no slice in that step, and restarts from its "
                + "cached prefix (its step's hit, else 0)", new Replay(true, false));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        long step = s.index();
        boolean applied = !s.rejected();
        // Only a step that preempts needs what its victims had computed.
        Long2IntOpenHashMap computedAtStart = null;
        if (!f.preempts.isEmpty()) {
            computedAtStart = new Long2IntOpenHashMap(f.runningAtStart.size());
            Replay.RunningAtStart running = f.runningAtStart;
            for (int k = 0; k < running.size(); k++) computedAtStart.put(running.id(k), running.computed(k));
        }
        for (Replay.PreemptFact p : f.preempts) {
            long id = p.requestId();
            if (p.twice()) {
                report(step, id, "request " + id + " is preempted twice in one step");
            } else if (p.before() != Replay.Status.RUNNING) {
                report(step, id, "request " + id + " is preempted but is " + p.before().name().toLowerCase()
                        + ", not running");
            } else if (applied) {
                awaiting.put(id, computedAtStart.get(id));
            }
        }
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            long id = sf.slice().requestId();
            if (sf.preempted()) {
                report(step, id, "request " + id + " is preempted and has a slice [" + sf.slice().start() + ", "
                        + sf.slice().end() + ") in the same step");
                if (applied) awaiting.remove(id);
                continue;
            }
            int before = awaiting.isEmpty() ? -1 : applied ? awaiting.remove(id) : awaiting.get(id);
            if (before < 0) continue;
            if (!sf.admitted()) {
                report(step, id, "request " + id + " runs again without being admitted after its preemption");
            } else if (sf.slice().start() != sf.hit()) {
                report(step, id, "request " + id + " restarts at position " + sf.slice().start() + " after its "
                        + "preemption (it had " + before + " computed) but its cached prefix is " + sf.hit()
                        + " tokens");
            }
        }
        if (!applied || awaiting.isEmpty()) return;
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            if (sf.finishes()) awaiting.remove(sf.slice().requestId());
        }
    }
}
