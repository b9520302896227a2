package org.schedproof.invariants;

import java.util.List;
import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent;

/**
 * One invariant of spec/INVARIANTS.md, checked against a trace as it streams by. A checker recomputes everything it
 * judges from the events themselves (arrivals give lengths, steps give slices, the header gives the engine) and
 * never trusts a number an engine computed except the one it checks.
 *
 * <p>Feed it every event of one trace in order ({@link #accept}), then read {@link #violations()}. Memory is
 * O(live requests); a checker keeps at most {@link #MAX_KEPT} violations and counts the rest.
 */
public interface Checker {
    /** How many violations a checker keeps in full; {@link #violationCount()} counts all of them. */
    int MAX_KEPT = 20;

    /** The catalogue id, e.g. {@code SAFE-BUDGET}. */
    String id();

    /** The rule in one line. */
    String statement();

    /** The next event of the trace. */
    void accept(TraceEvent event);

    /** The first violations found (at most {@link #MAX_KEPT}), each naming the step, the request and the numbers. */
    List<Violation> violations();

    /** All violations found, kept or not. */
    long violationCount();

    /** The ordering policy this rule is specific to (e.g. {@code vtc}), or null when it holds for every policy. */
    default String forPolicy() {
        return null;
    }

    /**
     * Whether the rule applies to the trace: a policy-specific rule when the header's policy is {@link #forPolicy()},
     * a batching rule when its former is named; true by default. Decided by the header alone ({@link TraceCheck}
     * feeds no further events to a checker that does not apply once it has seen the header).
     */
    default boolean applicable() {
        return true;
    }
}
