package org.schedproof.spec;

import java.util.List;

/**
 * What a scheduler asks the engine to do in one iteration: first preempt (by recompute: the request loses its
 * private KV and returns to waiting), then run the slices in the order given.
 */
public record Batch(List<Long> preemptions, List<Slice> slices) {
    public static final Batch EMPTY = new Batch(List.of(), List.of());

    public Batch {
        preemptions = List.copyOf(preemptions);
        slices = List.copyOf(slices);
    }

    public static Batch of(List<Slice> slices) {
        return new Batch(List.of(), slices);
    }

    public boolean isEmpty() {
        return preemptions.isEmpty() && slices.isEmpty();
    }

    /** No request has two slices, and no preempted request has a slice. */
    //@ ensures \result <==> (\forall int i, j; 0 <= i && i < j && j < slices.size(); slices.get(i).requestId() != slices.get(j).requestId())
    //@                   && (\forall int i; 0 <= i && i < slices.size(); !preemptions.contains(slices.get(i).requestId()));
    //@ pure
    public boolean isWellFormed() {
        java.util.Set<Long> seen = new java.util.HashSet<>(preemptions);
        if (seen.size() != preemptions.size()) return false;
        for (Slice s : slices) {
            if (!seen.add(s.requestId())) return false;
        }
        return true;
    }

    /** Total tokens computed by the batch. */
    //@ ensures \result == (\sum int i; 0 <= i && i < slices.size(); slices.get(i).length());
    //@ pure
    public int tokens() {
        int n = 0;
        for (Slice s : slices) n += s.length();
        return n;
    }
}
