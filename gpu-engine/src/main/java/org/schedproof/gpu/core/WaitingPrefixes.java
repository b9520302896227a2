package org.schedproof.gpu.core;

import org.schedproof.spec.sched.RequestView;

/**
 * What an engine view offers a scheduler that keeps its own index of the waiting requests by cached prefix (LPM,
 * DLPM) instead of asking {@code cachedPrefixTokens} of every waiting request each iteration: a report of every
 * request that begins or stops waiting and of every change of a waiting request's cached prefix. FastEngine's view
 * offers it; its radix cache knows each change as it happens.
 */
public interface WaitingPrefixes {
    /** Reports every later change to {@code listener}, after telling it of every request waiting now, in arrival order. */
    //@ requires listener != null;
    void listen(Listener listener);

    /** Receives the changes; {@code cachedTokens} is what {@code EngineView.cachedPrefixTokens} answers from then on. */
    interface Listener {
        /** {@code r} began waiting (arrival or preemption); {@code rank} is its place in (arrival time, id) order. */
        void entered(RequestView r, long rank, int cachedTokens);

        /** {@code r}, of rank {@code rank}, stopped waiting (admitted). */
        void left(RequestView r, long rank);

        /** The cache grew or lost the block after {@code r}'s match: its cached prefix is now {@code cachedTokens}. */
        void cachedChanged(RequestView r, long rank, int cachedTokens);
    }
}
