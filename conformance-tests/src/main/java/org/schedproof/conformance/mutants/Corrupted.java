package org.schedproof.conformance.mutants;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.schedproof.spec.Batch;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.StepOutcome;

/**
 * A reference scheduler with one decision corrupted. It keeps the reference's name, parameters and witness, as a faulty
 * port claiming to implement the policy would, so the policy's own checkers apply to it. (An impostor decides as a
 * reference with other options while naming the options it claims.) Subclass it (calling
 * {@code super}) to observe arrivals or outcomes.
 */
class Corrupted implements Scheduler {
    /** The corruption: the batch returned for a view, given the reference scheduler to consult. */
    interface Edit {
        Batch apply(EngineView view, Scheduler reference);
    }

    /** A corruption of the batch the reference formed. */
    interface BatchEdit {
        Batch apply(EngineView view, Batch formed);
    }

    private final Scheduler claimed;
    private final Scheduler base;
    private final Edit edit;

    Corrupted(Scheduler base, Edit edit) {
        this(base, base, edit);
    }

    private Corrupted(Scheduler claimed, Scheduler base, Edit edit) {
        this.claimed = claimed;
        this.base = base;
        this.edit = edit;
    }

    /** Decides (and keeps its state and witness) as {@code actual}, but names itself and its parameters as {@code claimed}. */
    static Corrupted impostor(Scheduler claimed, Scheduler actual) {
        return new Corrupted(claimed, actual, (v, ref) -> ref.schedule(v));
    }

    /** The reference's batch, then {@code edit}. */
    static Corrupted batch(Scheduler base, BatchEdit edit) {
        return new Corrupted(base, (v, ref) -> edit.apply(v, ref.schedule(v)));
    }

    /** The reference deciding on a wrong reading of the engine's configuration. */
    static Corrupted misreading(Scheduler base, UnaryOperator<EngineConfig> misread) {
        return new Corrupted(base, (v, ref) -> ref.schedule(new WrongConfigView(v, misread.apply(v.config()))));
    }

    @Override
    public String name() {
        return claimed.name();
    }

    @Override
    public Map<String, String> parameters() {
        return claimed.parameters();
    }

    @Override
    public void onArrival(Request request, long nowUs) {
        base.onArrival(request, nowUs);
    }

    @Override
    public Batch schedule(EngineView view) {
        return edit.apply(view, base);
    }

    @Override
    public void onStepEnd(StepOutcome outcome) {
        base.onStepEnd(outcome);
    }

    @Override
    public Map<String, Long> witness() {
        return base.witness();
    }
}
