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

    /** Total tokens computed by the batch. */
    public int tokens() {
        int n = 0;
        for (Slice s : slices) n += s.length();
        return n;
    }
}
