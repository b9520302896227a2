package org.schedproof.engine.core;

import java.util.ArrayList;
import java.util.Arrays;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.RequestView;

/**
 * The engine's record of one request: where it is, how far it got, and its block table, which is the cached prefix
 * nodes it references followed by the blocks it owns alone.
 */
final class RequestState implements RequestView {
    enum Status { WAITING, RUNNING, OFFLOADED, FINISHED }

    final Request request;
    Status status = Status.WAITING;
    int computed;
    int generated;
    int preemptions;
    final ArrayList<PrefixCache.Node> nodes = new ArrayList<>();
    private int[] owned = new int[4];
    private int ownedHead;
    private int ownedTail;
    /** Generated tokens, kept only when the model is on (prefix-cache reuse and recompute need them). */
    int[] output;
    /** Chain hashes of the prompt's full blocks, computed on first need. */
    private long[] chain;
    /** Host blocks its offloaded KV takes (0 unless offloaded). */
    int hostBlocks;
    /** Its KV bytes while offloaded, one array per GPU block it had (model on only). */
    byte[][] hostKv;
    /** Iteration stamps of the batch being validated and applied, in place of per-step sets. */
    long preemptedAt = -1;
    long offloadedAt = -1;
    long prefetchedAt = -1;
    long slicedAt = -1;
    long admittedAt = -1;
    /** Memo of the last prefix match, valid while the cache version is unchanged; its last node extends it after. */
    long matchVersion = -1;
    int matchBlocks;
    PrefixCache.Node matchLast;
    /** The creation number {@link #matchLast} had when memoized. */
    long matchSeq = -1;

    RequestState(Request request, boolean keepOutput) {
        this.request = request;
        this.output = keepOutput ? new int[request.maxNewTokens()] : null;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public int computed() {
        return computed;
    }

    @Override
    public int generated() {
        return generated;
    }

    @Override
    public int blocksHeld() {
        return nodes.size() + ownedCount();
    }

    @Override
    public int preemptions() {
        return preemptions;
    }

    @Override
    public boolean offloaded() {
        return status == Status.OFFLOADED;
    }

    int ownedCount() {
        return ownedTail - ownedHead;
    }

    int ownedAt(int i) {
        return owned[ownedHead + i];
    }

    /** Physical block of table entry {@code k}. */
    int blockAt(int k) {
        int shared = nodes.size();
        return k < shared ? nodes.get(k).block : owned[ownedHead + k - shared];
    }

    void addOwned(int block) {
        if (ownedTail == owned.length) {
            int n = ownedCount();
            int[] grown = n * 2 > owned.length ? Arrays.copyOf(owned, owned.length * 2) : owned;
            System.arraycopy(owned, ownedHead, grown, 0, n);
            owned = grown;
            ownedHead = 0;
            ownedTail = n;
        }
        owned[ownedTail++] = block;
    }

    /** Removes and returns the first owned block (it is about to become a cache node). */
    int takeFirstOwned() {
        return owned[ownedHead++];
    }

    void clearOwned() {
        ownedHead = 0;
        ownedTail = 0;
    }

    /** Token at a position of the sequence (a generated one only when the model is on). */
    int tokenAt(int position) {
        int p = request.promptLength();
        return position < p ? request.prompt().tokenAt(position) : output[position - p];
    }

    int[] tokens(int from, int to) {
        int p = request.promptLength();
        if (to <= p) return request.prompt().tokens(from, to);
        int[] t = new int[to - from];
        for (int i = from; i < to; i++) t[i - from] = tokenAt(i);
        return t;
    }

    /** Chain hash of full prompt block {@code k} ({@link org.schedproof.spec.Prompt#blockChain}), memoized. */
    long chainHash(int k, int blockSize) {
        if (chain == null) chain = request.prompt().blockChain(blockSize, request.promptLength() / blockSize);
        return chain[k];
    }

    /** Frees what only a live request needs. */
    void dropCaches() {
        chain = null;
        output = null;
        // a finished request holds no blocks: drop its table's room and the memo's path of (maybe evicted) nodes
        nodes.trimToSize();
        matchLast = null;
    }
}
