package org.schedproof.gpu.core;

import java.util.Arrays;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.RequestView;

/**
 * The engine's record of one request: status, progress, and its block table (the shared cache nodes it references,
 * then the blocks it owns alone), plus the per-iteration stamps validation uses in place of sets.
 */
final class Sequence implements RequestView {
    enum Status { WAITING, RUNNING, OFFLOADED, FINISHED }

    final Request request;
    /** The request's id, prompt length and output cap, read for every slice of every step: no load of the request. */
    private final long id;
    final int promptLength;
    final int maxNewTokens;
    private Long boxedId;
    Status status = Status.WAITING;
    int computed;
    int generated;
    int preemptions;
    /** Allocated on first use (most of a crowded queue never runs before it drains). */
    RadixCache.Node[] nodes = NO_NODES;
    int nodeCount;
    private int[] owned = NO_BLOCKS;
    private int ownedHead;
    private int ownedTail;
    /** Generated tokens, kept only when the model is on. */
    int[] output;
    private long[] chain;
    /** Host blocks its offloaded KV takes (0 unless offloaded), and the bytes of its GPU blocks (model on). */
    int hostBlocks;
    byte[][] hostKv;
    long preemptedAt = -1;
    long offloadedAt = -1;
    long prefetchedAt = -1;
    long slicedAt = -1;
    long admittedAt = -1;
    /** While waiting: cached blocks of its match (kept current by the radix cache), their cap, where the match ends. */
    int matchBlocks;
    int matchMax;
    RadixCache.Node matchNode;
    /** The cache's shape when the match was walked (untracked cache), -1 when not walked since it began waiting. */
    long matchVersion = -1;
    long evictableVersion = -1;
    int matchEvictable;
    /** Links of the two {@link Waiters} lists it is in while waiting: its match node's, and its next block's. */
    Sequence hangBefore;
    Sequence hangAfter;
    Sequence nextBefore;
    Sequence nextAfter;
    /** Place in arrival order (time, then id). */
    long rank;
    int waitSlot = -1;

    private static final RadixCache.Node[] NO_NODES = {};
    private static final int[] NO_BLOCKS = {};

    Sequence(Request request, boolean keepOutput) {
        this.request = request;
        this.id = request.id();
        this.promptLength = request.promptLength();
        this.maxNewTokens = request.maxNewTokens();
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
        return nodeCount + ownedCount();
    }

    @Override
    public boolean offloaded() {
        return status == Status.OFFLOADED;
    }

    @Override
    public int preemptions() {
        return preemptions;
    }

    @Override
    public long id() {
        return id;
    }

    /** Its id boxed once (a step's outcome lists ids as {@code Long}: one box per request, not per token). */
    Long boxedId() {
        Long b = boxedId;
        if (b == null) boxedId = b = id;
        return b;
    }

    @Override
    public int sequenceLength() {
        return promptLength + generated;
    }

    @Override
    public int pending() {
        return promptLength + generated - computed;
    }

    @Override
    public boolean isDecode() {
        return generated > 0 && pending() == 1;
    }

    int ownedCount() {
        return ownedTail - ownedHead;
    }

    int ownedAt(int i) {
        return owned[ownedHead + i];
    }

    void addNode(RadixCache.Node n) {
        if (nodeCount == nodes.length) nodes = Arrays.copyOf(nodes, Math.max(4, nodeCount * 2));
        nodes[nodeCount++] = n;
    }

    /** Takes its match (the {@code matchBlocks} nodes up from {@code matchNode}) as its nodes; it holds no block yet. */
    //@ requires nodeCount == 0 && ownedCount() == 0;
    void adoptMatch() {
        if (nodes.length < matchBlocks) nodes = new RadixCache.Node[Math.max(4, matchBlocks)];
        RadixCache.Node n = matchNode;
        for (int k = matchBlocks - 1; k >= 0; k--, n = n.parent) nodes[k] = n;
        nodeCount = matchBlocks;
    }

    void addOwned(int block) {
        if (ownedTail == owned.length) {
            int n = ownedCount();
            int[] to = owned.length == 0 || n * 2 > owned.length ? new int[Math.max(4, owned.length * 2)] : owned;
            System.arraycopy(owned, ownedHead, to, 0, n);
            owned = to;
            ownedHead = 0;
            ownedTail = n;
        }
        owned[ownedTail++] = block;
    }

    int takeFirstOwned() {
        return owned[ownedHead++];
    }

    void clearBlocks() {
        ownedHead = ownedTail = 0;
        Arrays.fill(nodes, 0, nodeCount, null);
        nodeCount = 0;
    }

    /** Physical blocks of the table, nodes first. */
    int[] blockTable() {
        int[] t = new int[blocksHeld()];
        for (int k = 0; k < nodeCount; k++) t[k] = nodes[k].block;
        System.arraycopy(owned, ownedHead, t, nodeCount, ownedCount());
        return t;
    }

    int[] tokens(int from, int to) {
        int p = promptLength;
        if (to <= p) return request.prompt().tokens(from, to);
        int[] t = new int[to - from];
        for (int i = from; i < to; i++) t[i - from] = i < p ? request.prompt().tokenAt(i) : output[i - p];
        return t;
    }

    /**
     * Chain hash of full prompt block {@code k}: the block's tokens and its whole prefix, hashed as runs of one segment
     * (key, first offset, length), which determine the tokens (spec/WORKLOAD.md); the reference engine's definition.
     */
    long chainHash(int k, int blockSize) {
        if (chain == null) chain = request.prompt().blockChain(blockSize, promptLength / blockSize);
        return chain[k];
    }

    void dropCaches() {
        chain = null;
        output = null;
    }
}
