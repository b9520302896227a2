package org.schedproof.engine.core;

import java.util.BitSet;

/**
 * The paged KV pool: {@code numBlocks} blocks of {@code blockSize} positions. Allocation takes the lowest free block
 * so that runs are reproducible; a block is either free or owned (by one request, or by a prefix-cache node).
 * When the model is on, each block also holds the KV bytes of its positions.
 */
final class KvPool {
    private final int numBlocks;
    private final BitSet free;
    private final int slotBytes;
    private final int blockSize;
    private final byte[][] data;
    private int freeCount;

    //@ requires numBlocks >= 1 && blockSize >= 1 && slotBytes >= 0;
    KvPool(int numBlocks, int blockSize, int slotBytes) {
        this.numBlocks = numBlocks;
        this.blockSize = blockSize;
        this.slotBytes = slotBytes;
        this.free = new BitSet(numBlocks);
        this.free.set(0, numBlocks);
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
        int b = free.nextSetBit(0);
        if (b < 0) {
            throw new IllegalStateException("KV pool exhausted: the engine allocated without checking capacity");
        }
        free.clear(b);
        freeCount--;
        return b;
    }

    /** Returns a block; releasing a free block is an engine bug, never a scheduler's. */
    //@ ensures freeCount() == \old(freeCount()) + 1;
    void release(int block) {
        if (free.get(block)) {
            throw new IllegalStateException("block " + block + " released twice");
        }
        free.set(block);
        freeCount++;
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
