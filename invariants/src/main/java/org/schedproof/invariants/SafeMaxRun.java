package org.schedproof.invariants;

import org.schedproof.spec.trace.TraceEvent;

/**
 * SAFE-MAXRUN: after each step's preemptions and admissions (as asked, if rejected), the requests holding KV
 * (running before, less those preempted, plus those admitted) number at most {@code maxRunning}. The violation names
 * the admission that crossed the cap.
 */
final class SafeMaxRun extends AbstractChecker {
    SafeMaxRun() {
        super("SAFE-MAXRUN", "running requests after a step's preemptions and admissions <= maxRunning",
                new Replay(false, false));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        int cap = config.maxRunning();
        int n = f.runningCountAtStart - f.preempted - f.offloaded + f.prefetched;
        if (n > cap) {
            report(s.index(), n + " requests run after the preemptions, offloads and prefetches > maxRunning " + cap);
            return;
        }
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            if (!sf.admitted()) continue;
            if (++n > cap) {
                int total = f.runningCountAtStart - f.preempted - f.offloaded + f.prefetched + f.admitted;
                report(s.index(), sf.slice().requestId(), "admitting request " + sf.slice().requestId() + " makes "
                        + n + " running > maxRunning " + cap + " (" + f.runningCountAtStart + " running - "
                        + f.preempted + " preempted" + (f.offloaded + f.prefetched == 0 ? "" : " - " + f.offloaded
                        + " offloaded + " + f.prefetched + " prefetched") + " + " + f.admitted + " admitted = " + total
                        + ")");
                return;
            }
        }
    }
}
