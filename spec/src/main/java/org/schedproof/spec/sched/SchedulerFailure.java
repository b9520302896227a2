package org.schedproof.spec.sched;

/**
 * A scheduler that can no longer decide, for a reason it names: an external port that timed out, crashed or broke
 * the protocol. An engine records it like any other exception a scheduler throws (a {@code SCHEDULER_ERROR}
 * violation, the run stops) but ends the trace with {@link #endReason()} instead of {@code scheduler-error}.
 */
public class SchedulerFailure extends RuntimeException {
    private final String endReason;

    /** {@code endReason} is the trace's end reason, a lower-case word ({@code [a-z][a-z0-9-]*}), e.g. {@code port-timeout}. */
    public SchedulerFailure(String endReason, String message) {
        super(message);
        if (!endReason.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("end reason must be a lower-case word, was '" + endReason + "'");
        }
        this.endReason = endReason;
    }

    public String endReason() {
        return endReason;
    }

    /** What the trace's violation message shows: the reason and the evidence, not the class name. */
    @Override
    public String toString() {
        return endReason + ": " + getMessage();
    }
}
