package org.schedproof.spec.sched;

import java.util.List;
import org.schedproof.spec.EngineConfig;

/**
 * The engine state a scheduler decides on, valid only during one {@link Scheduler#schedule} call. Lists are live,
 * read-only and in a spec-defined order, so a scheduler that needs only their heads does no per-step copying.
 */
public interface EngineView {
    /** Virtual time in microseconds at the start of this iteration. */
    long nowUs();

    /** Index of the iteration about to run, from 0. */
    long stepIndex();

    EngineConfig config();

    /** Arrived requests that hold no KV, preempted ones included, ordered by arrival time then request id. */
    List<? extends RequestView> waiting();

    /**
     * Requests that hold KV on the GPU, in the order they were admitted (a preempted one re-enters at the tail, as does
     * a prefetched one).
     */
    List<? extends RequestView> running();

    /**
     * Requests whose KV is in host memory, in the order they were offloaded: they keep their computed positions but
     * may not run until a prefetch brings their KV back. Empty without host memory.
     */
    default List<? extends RequestView> offloaded() {
        return List.of();
    }

    /** Host blocks not holding offloaded KV ({@link EngineConfig.HostMemory}; 0 without host memory). */
    default int hostFreeBlocks() {
        return 0;
    }

    /** Blocks in no request's table and in no cache node. */
    int freeBlocks();

    /** Cached blocks referenced by no request: the engine evicts them (LRU) when it needs room. */
    int evictableBlocks();

    /**
     * Tokens of the sequence of waiting request {@code requestId} that the prefix cache would supply if it were
     * admitted now: a multiple of the block size, and always less than its sequence length.
     */
    int cachedPrefixTokens(long requestId);

    /**
     * Of the blocks {@link #cachedPrefixTokens} would supply, how many are now evictable: admitting the request
     * takes them out of {@link #evictableBlocks()}.
     */
    int cachedPrefixEvictableBlocks(long requestId);

    /**
     * A lower bound on the blocks that preempting running request {@code requestId} returns to free plus
     * evictable: its private blocks and the cached ones no other request references.
     */
    int releasableBlocks(long requestId);

    /**
     * A slice the contract allows: its request is waiting or running, it starts at the request's computed position
     * (a waiting one at its cached prefix) and covers at most its pending tokens.
     */
    //@ pure
    default boolean isLegalSlice(org.schedproof.spec.Slice s) {
        for (RequestView r : running()) {
            if (r.id() == s.requestId()) return s.start() == r.computed() && s.length() <= r.pending();
        }
        for (RequestView r : waiting()) {
            if (r.id() == s.requestId()) {
                int hit = cachedPrefixTokens(r.id());
                return s.start() == hit && s.length() <= r.sequenceLength() - hit;
            }
        }
        return false;
    }

    /** Slices of a batch that are decodes: one token for a running request in decode phase. */
    //@ pure
    default int decodeSlices(org.schedproof.spec.Batch b) {
        int n = 0;
        for (org.schedproof.spec.Slice s : b.slices()) {
            for (RequestView r : running()) {
                if (r.id() == s.requestId() && r.isDecode() && s.length() == 1) n++;
            }
        }
        return n;
    }

    /** Host blocks that offloading running request {@code r} takes (its GPU blocks at the host's KV precision). */
    default int offloadBlocks(RequestView r) {
        return config().host().footprint(blocksFor(r.computed()));
    }

    /** Blocks a request would need to hold {@code tokens} positions. */
    default int blocksFor(int tokens) {
        int b = config().blockSize();
        return (tokens + b - 1) / b;
    }
}
