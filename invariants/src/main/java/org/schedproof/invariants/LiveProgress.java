package org.schedproof.invariants;

import org.schedproof.spec.trace.TraceEvent;

/**
 * LIVE-PROGRESS: while requests are live (arrived, not finished), no more than {@code maxStalledSteps} consecutive
 * steps pass without a slice (a rejected step runs none), and the run ends {@code done}.
 */
final class LiveProgress extends AbstractChecker {
    private long stalled;
    private long stallStart = -1;

    LiveProgress() {
        super("LIVE-PROGRESS", "no more than maxStalledSteps consecutive steps without a slice while work exists, "
                + "and the run ends 'done'", new Replay(false, false));
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        if (!s.rejected() && !s.slices().isEmpty()) {
            stalled = 0;
            return;
        }
        if (f.liveAtStart == 0) return;
        if (stalled++ == 0) stallStart = s.index();
        if (stalled == config.maxStalledSteps() + 1L) {
            report(s.index(), stalled + " consecutive steps without a slice (from step " + stallStart + ") while "
                    + f.liveAtStart + " requests are live; maxStalledSteps is " + config.maxStalledSteps());
        }
    }

    @Override
    protected void onEnd(TraceEvent.End e) {
        if (!TraceEvent.End.DONE.equals(e.reason())) {
            report(lastStep, "run ended '" + e.reason() + "', not 'done', with " + replay.liveCount()
                    + " requests unfinished");
        }
    }
}
