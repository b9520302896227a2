package org.schedproof.invariants;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent;

/**
 * Dispatches events to hooks, keeps the first violations, and (for checkers that want it) drives a private
 * {@link Replay} of the request states, so each checker recomputes on its own.
 */
abstract class AbstractChecker implements Checker {
    private final String id;
    private final String statement;
    private final List<Violation> kept = new ArrayList<>();
    private long count;
    /** This checker's own replay of the trace, or null if it needs none. */
    protected final Replay replay;
    protected TraceEvent.Header header;
    protected EngineConfig config;
    /** Index of the last step seen, -1 before the first. */
    protected long lastStep = -1;

    protected AbstractChecker(String id, String statement, Replay replay) {
        this.id = id;
        this.statement = statement;
        this.replay = replay;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String statement() {
        return statement;
    }

    @Override
    public final List<Violation> violations() {
        return List.copyOf(kept);
    }

    @Override
    public final long violationCount() {
        return count;
    }

    @Override
    public final void accept(TraceEvent event) {
        if (event instanceof TraceEvent.Header h) {
            header = h;
            config = h.engine();
            if (replay != null) replay.header(h);
            onHeader(h);
        } else if (event instanceof TraceEvent.Arrival a) {
            if (replay != null) replay.arrive(a);
            onArrival(a);
        } else if (event instanceof TraceEvent.Step s) {
            lastStep = s.index();
            Replay.StepFacts facts = replay == null ? null : replay.apply(s);
            onStep(s, facts);
        } else if (event instanceof TraceEvent.Completion c) {
            onCompletion(c);
        } else if (event instanceof TraceEvent.End e) {
            onEnd(e);
        }
    }

    protected void onHeader(TraceEvent.Header h) {}

    protected void onArrival(TraceEvent.Arrival a) {}

    /** A step; {@code facts} (null without a replay) says what the slices met, the replay is already past it. */
    protected void onStep(TraceEvent.Step s, Replay.StepFacts facts) {}

    protected void onCompletion(TraceEvent.Completion c) {}

    protected void onEnd(TraceEvent.End e) {}

    protected final void report(long step, long requestId, String message) {
        count++;
        if (kept.size() < MAX_KEPT) kept.add(new Violation(id, step, requestId, message));
    }

    protected final void report(long step, String message) {
        report(step, Violation.NO_REQUEST, message);
    }
}
