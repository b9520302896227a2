package org.schedproof.engine.core;

/**
 * The paged KV pool: {@code numBlocks} blocks of {@code blockSize} positions. Allocation takes the lowest free block
 * so that runs are reproducible; a block is either free or owned (by one request, or by a prefix-cache node).
 * When the model is on, each block also holds the KV bytes of its positions.
 */
final class KvPool {
    private final int numBlocks;
    /** Free block ids as a binary min-heap, so allocation takes the lowest in O(log n). */
    private final int[] heap;
    private final boolean[] isFree;
    private final int slotBytes;
    private final int blockSize;
    private final byte[][] data;
    private int freeCount;

    //@ requires numBlocks >= 1 && blockSize >= 1 && slotBytes >= 0;
    KvPool(int numBlocks, int blockSize, int slotBytes) {
        this.numBlocks = numBlocks;
        this.blockSize = blockSize;
        this.slotBytes = slotBytes;
        this.heap = new int[numBlocks];
        this.isFree = new boolean[numBlocks];
        for (int b = 0; b < numBlocks; b++) {
            heap[b] = b;
            isFree[b] = true;
        }
        this.freeCount = numBlocks;
        this.data = slotBytes > 0 ? new byte[numBlocks][] : null;
    }

    int freeCount() {
        return freeCount;
    }

    int numBlocks() {
        return numBlocks;
    }

    /** Takes the lowest free block. */
    //@ requires freeCount() > 0;
    //@ ensures freeCount() == \old(freeCount()) - 1;
    int allocate() {
        if (freeCount == 0) {
            throw new IllegalStateException("KV pool exhausted: the engine allocated without checking capacity");
        }
        int b = heap[0];
        int last = heap[--freeCount];
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= freeCount) break;
            if (c + 1 < freeCount && heap[c + 1] < heap[c]) c++;
            if (heap[c] >= last) break;
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = last;
        isFree[b] = false;
        return b;
    }

    /** Returns a block; releasing a free block is an engine bug, never a scheduler's. */
    //@ ensures freeCount() == \old(freeCount()) + 1;
    void release(int block) {
        if (isFree[block]) {
            throw new IllegalStateException("block " + block + " released twice");
        }
        isFree[block] = true;
        int i = freeCount++;
        while (i > 0 && heap[(i - 1) / 2] > block) {
            heap[i] = heap[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        heap[i] = block;
    }

    /** KV bytes of a block (model on only), allocated on first use and reused after release. */
    byte[] data(int block) {
        byte[] d = data[block];
        if (d == null) {
            d = new byte[blockSize * slotBytes];
            data[block] = d;
        }
        return d;
    }
}
