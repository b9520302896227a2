package org.schedproof.spec.sched;

import org.schedproof.spec.Request;

/**
 * What a scheduler may see of one live request. The sequence is the prompt followed by the generated tokens;
 * {@code computed} positions of it have KV. A slice must start at {@code computed} and may cover at most
 * {@link #pending()} tokens; the slice that reaches the end of the sequence emits the next token.
 */
public interface RequestView {
    Request request();

    /** Positions of the sequence whose KV exists (for a waiting request: 0; a prefix hit is applied at admission). */
    int computed();

    /** Tokens generated so far. */
    int generated();

    /** KV blocks this request references on the GPU (shared prefix blocks included; 0 while offloaded). */
    int blocksHeld();

    /** Its KV is in host memory: it keeps {@code computed} positions but may not run until it is prefetched. */
    default boolean offloaded() {
        return false;
    }

    /** How many times it was preempted. */
    int preemptions();

    //@ ensures \result == request().promptLength() + generated();
    default int sequenceLength() {
        return request().promptLength() + generated();
    }

    /** Tokens still to compute before the next token is emitted. */
    //@ ensures \result == sequenceLength() - computed() && \result >= 1;
    default int pending() {
        return sequenceLength() - computed();
    }

    /** In decode phase: it has generated and only the newest token lacks KV. */
    default boolean isDecode() {
        return generated() > 0 && pending() == 1;
    }

    default long id() {
        return request().id();
    }
}
