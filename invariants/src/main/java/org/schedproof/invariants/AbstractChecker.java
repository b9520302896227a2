package org.schedproof.invariants;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent;

/**
 * Dispatches events to hooks, keeps the first violations, and (for checkers that want it) drives a {@link Replay} of
 * the request states: its own when fed alone, or one that {@link TraceCheck} applies once per event for every checker
 * of a run ({@link #share}; the replay is a function of the events, so the facts are the same either way).
 */
abstract class AbstractChecker implements Checker {
    private final String id;
    private final String statement;
    private final List<Violation> kept = new ArrayList<>();
    private long count;
    /** The replay of the trace this checker reads (its own, or a shared one), or null if it needs none. */
    protected Replay replay;
    /** Whether a runner applies events to {@link #replay} before this checker sees them. */
    private boolean shared;
    protected TraceEvent.Header header;
    protected EngineConfig config;
    /** Index of the last step seen, -1 before the first. */
    protected long lastStep = -1;
    /** Whether the step being judged was rejected by its engine: its violations say so. */
    private boolean inRejectedStep;
    /** {@link #applicable()} as the header decided it (it depends on nothing else): asked once, not per step. */
    private boolean applies;

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

    /** A policy-specific rule applies when the trace's policy is its own. */
    @Override
    public boolean applicable() {
        return forPolicy() == null || forPolicy().equals(tracePolicy());
    }

    @Override
    public final List<Violation> violations() {
        return List.copyOf(kept);
    }

    @Override
    public final long violationCount() {
        return count;
    }

    /** Where {@link TraceCheck.Background} runs a checker. */
    enum Lane {
        /** On the thread that applies the shared replay: it reads the replay's state between steps. */
        REPLAY,
        /** It reads only the events and the replay's facts: on another thread, fed the same facts. */
        FACTS,
        /** As {@code FACTS}, and about as costly as the others together: on a thread of its own. */
        OWN
    }

    /** This checker's lane; a checker off the replay's lane has no replay to read ({@link #detach}). */
    Lane lane() {
        return Lane.REPLAY;
    }

    /** Forgets the shared replay, for a checker fed on another thread than it: only its facts are for this one. */
    final void detach() {
        if (lane() == Lane.REPLAY) throw new IllegalStateException(id + " reads its replay's state");
        replay = null;
    }

    /** Whether this checker reads a replay (and which facts it needs: {@link Replay#covers}). */
    final Replay ownReplay() {
        return shared ? null : replay;
    }

    /**
     * From now on this checker reads {@code r}, which its runner applies every event to before this checker sees it
     * ({@link #accept(TraceEvent, Replay.StepFacts)}); only before the first event, and only for a checker that
     * reads a replay and whose needs {@code r} covers.
     */
    final void share(Replay r) {
        if (replay == null || !r.covers(replay)) throw new IllegalArgumentException(id + " cannot share this replay");
        replay = r;
        shared = true;
    }

    @Override
    public final void accept(TraceEvent event) {
        if (shared) throw new IllegalStateException(id + " reads a shared replay: its runner feeds it");
        Replay.StepFacts facts = null;
        if (replay != null) {
            if (event instanceof TraceEvent.Header h) replay.header(h);
            else if (event instanceof TraceEvent.Arrival a) replay.arrive(a);
            else if (event instanceof TraceEvent.Step s) facts = replay.apply(s);
        }
        accept(event, facts);
    }

    /** The next event, {@code facts} being what the replay found for a step (already applied; null otherwise). */
    final void accept(TraceEvent event, Replay.StepFacts facts) {
        if (event instanceof TraceEvent.Header h) {
            header = h;
            config = h.engine();
            onHeader(h);
            applies = applicable();
        } else if (event instanceof TraceEvent.Arrival a) {
            onArrival(a);
        } else if (event instanceof TraceEvent.Step s) {
            lastStep = s.index();
            inRejectedStep = s.rejected();
            onStep(s, facts);
            inRejectedStep = false;
        } else if (event instanceof TraceEvent.Completion c) {
            onCompletion(c);
        } else if (event instanceof TraceEvent.End e) {
            onEnd(e);
        }
    }

    protected void onHeader(TraceEvent.Header h) {}

    protected void onArrival(TraceEvent.Arrival a) {}

    /**
     * A step; {@code facts} (null without a replay) says what the slices met, the replay is already past it. A
     * rejected step applied nothing, but its batch is what the scheduler asked for: checkers judge it all the same.
     */
    protected void onStep(TraceEvent.Step s, Replay.StepFacts facts) {}

    protected void onCompletion(TraceEvent.Completion c) {}

    protected void onEnd(TraceEvent.End e) {}

    /**
     * The ordering policy the trace claims: its header's {@code policy} up to the first '/' ({@code vtc} of
     * {@code vtc/sarathi}); policy-specific checkers apply by it. Null before the header.
     */
    protected final String tracePolicy() {
        if (header == null) return null;
        int slash = header.policy().indexOf('/');
        return slash < 0 ? header.policy() : header.policy().substring(0, slash);
    }

    /** The batch former the trace claims: the {@code batching} parameter, else what follows the '/' in the policy. */
    protected final String batching() {
        if (header == null) return null;
        String b = header.parameters().get("batching");
        if (b != null) return b;
        int slash = header.policy().indexOf('/');
        return slash < 0 ? "" : header.policy().substring(slash + 1);
    }

    /** Whether this checker applies to the trace, once its header is seen: what a step's judgement asks. */
    protected final boolean applies() {
        return applies;
    }

    protected final void report(long step, long requestId, String message) {
        count++;
        String m = inRejectedStep ? message + " (in a batch the engine rejected)" : message;
        if (kept.size() < MAX_KEPT) kept.add(new Violation(id, step, requestId, m));
    }

    protected final void report(long step, String message) {
        report(step, Violation.NO_REQUEST, message);
    }
}
