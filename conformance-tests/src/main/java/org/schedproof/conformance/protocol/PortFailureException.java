package org.schedproof.conformance.protocol;

import org.schedproof.spec.sched.SchedulerFailure;

/** A protocol failure on its way out of the port adapter: the engine ends the trace with {@code port-<verdict>}. */
final class PortFailureException extends SchedulerFailure {
    final transient PortFailure failure;

    PortFailureException(PortFailure failure) {
        super(failure.endReason(), failure.message());
        this.failure = failure;
    }

    PortFailureException(String verdict, long step, String message) {
        this(new PortFailure(verdict, step, message));
    }
}
