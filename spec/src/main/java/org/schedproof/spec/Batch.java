package org.schedproof.spec;

import java.util.List;

/**
 * What a scheduler asks the engine to do in one iteration: first preempt (by recompute: the request loses its
 * private KV and returns to waiting), then offload (a running request's KV is copied to host memory and its GPU
 * blocks are freed at the end of the iteration), then prefetch (an offloaded request's KV is copied back into fresh
 * GPU blocks; it may run from the next iteration on), then run the slices in the order given. Offloads and
 * prefetches need host memory ({@link EngineConfig#host()}); without it both lists stay empty.
 */
public record Batch(List<Long> preemptions, List<Long> offloads, List<Long> prefetches, List<Slice> slices) {
    public static final Batch EMPTY = new Batch(List.of(), List.of());

    public Batch {
        preemptions = List.copyOf(preemptions);
        offloads = List.copyOf(offloads);
        prefetches = List.copyOf(prefetches);
        slices = List.copyOf(slices);
    }

    /** A batch that moves no KV to or from host memory. */
    public Batch(List<Long> preemptions, List<Slice> slices) {
        this(preemptions, List.of(), List.of(), slices);
    }

    public static Batch of(List<Slice> slices) {
        return new Batch(List.of(), slices);
    }

    public boolean isEmpty() {
        return preemptions.isEmpty() && offloads.isEmpty() && prefetches.isEmpty() && slices.isEmpty();
    }

    /**
     * No request is named twice: not twice in one list, and not in two of preemptions, offloads, prefetches and
     * slices (a request moving to or from host memory does not run in that iteration).
     */
    //@ ensures \result <==> (\forall int i, j; 0 <= i && i < j && j < slices.size(); slices.get(i).requestId() != slices.get(j).requestId())
    //@                   && (\forall int i; 0 <= i && i < slices.size(); !preemptions.contains(slices.get(i).requestId())
    //@                          && !offloads.contains(slices.get(i).requestId()) && !prefetches.contains(slices.get(i).requestId()))
    //@                   && (\forall int i; 0 <= i && i < offloads.size(); !preemptions.contains(offloads.get(i)) && !prefetches.contains(offloads.get(i)))
    //@                   && (\forall int i; 0 <= i && i < prefetches.size(); !preemptions.contains(prefetches.get(i)));
    //@ pure
    public boolean isWellFormed() {
        java.util.Set<Long> seen = new java.util.HashSet<>(preemptions);
        if (seen.size() != preemptions.size()) return false;
        for (long id : offloads) {
            if (!seen.add(id)) return false;
        }
        for (long id : prefetches) {
            if (!seen.add(id)) return false;
        }
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
