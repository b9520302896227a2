package org.schedproof.spec;

/**
 * Compute the KV of positions [start, start + length) of a request's sequence (prompt followed by the tokens it has
 * generated). A slice that reaches the end of the sequence emits the next token: a decode is the slice of length 1
 * that does so once the prompt is done; everything else is a prefill chunk (or a recompute after preemption).
 */
public record Slice(long requestId, int start, int length) {
    //@ public invariant requestId >= 0 && start >= 0 && length >= 1;

    public Slice {
        if (requestId < 0 || start < 0 || length < 1) {
            throw new IllegalArgumentException("illegal slice " + requestId + " [" + start + ", +" + length + ")");
        }
    }

    public int end() {
        return start + length;
    }
}
