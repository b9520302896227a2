package org.schedproof.spec;

import java.util.Objects;

/**
 * One inference request. It generates exactly {@code maxNewTokens} tokens (the exact model has no end-of-sequence
 * token, so a workload's output length is its max new tokens).
 */
public record Request(long id, String client, long arrivalUs, Prompt prompt, int maxNewTokens) {
    //@ public invariant id >= 0 && arrivalUs >= 0 && maxNewTokens >= 1 && client.length() > 0;

    public Request {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(prompt, "prompt");
        if (id < 0) throw new IllegalArgumentException("request id must be >= 0, was " + id);
        if (client.isEmpty()) throw new IllegalArgumentException("request " + id + ": client must not be empty");
        if (arrivalUs < 0) throw new IllegalArgumentException("request " + id + ": arrival must be >= 0, was " + arrivalUs);
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("request " + id + ": max new tokens must be >= 1, was " + maxNewTokens);
        }
    }

    public int promptLength() {
        return prompt.length();
    }

    /** The spec's tie-break for arrival order: arrival time, then request id. */
    public static int byArrival(Request a, Request b) {
        int c = Long.compare(a.arrivalUs, b.arrivalUs);
        return c != 0 ? c : Long.compare(a.id, b.id);
    }
}
