package org.schedproof.engine.core;

import org.schedproof.kernels.BlockPool;

/**
 * The paged KV pool: {@code numBlocks} blocks of {@code blockSize} positions. Which block is free or owned (by one
 * request, or by a prefix-cache node) is the proved {@link BlockPool} kernel's business: allocation takes the block
 * released last, so that runs are reproducible. When the model is on, each block also holds the KV bytes of its positions.
 */
final class KvPool {
    private final BlockPool blocks;
    private final int slotBytes;
    private final int blockSize;
    private final byte[][] data;

    //@ requires 1 <= numBlocks && numBlocks <= BlockPool.MAX_BLOCKS && blockSize >= 1 && slotBytes >= 0;
    KvPool(int numBlocks, int blockSize, int slotBytes) {
        if (numBlocks < 1 || numBlocks > BlockPool.MAX_BLOCKS) {
            throw new IllegalArgumentException("numBlocks must lie in [1, " + BlockPool.MAX_BLOCKS + "]: " + numBlocks);
        }
        this.blocks = new BlockPool(numBlocks);
        this.blockSize = blockSize;
        this.slotBytes = slotBytes;
        this.data = slotBytes > 0 ? new byte[numBlocks][] : null;
    }

    int freeCount() {
        return blocks.freeCount();
    }

    int numBlocks() {
        return blocks.numBlocks();
    }

    /** Takes the block released last (0, 1, 2, ... from a fresh pool); the kernel's precondition is checked here. */
    //@ requires freeCount() > 0;
    //@ ensures freeCount() == \old(freeCount()) - 1;
    int allocate() {
        if (blocks.freeCount() == 0) {
            throw new IllegalStateException("KV pool exhausted: the engine allocated without checking capacity");
        }
        return blocks.allocate();
    }

    /** Returns a block; releasing a free block is an engine bug, never a scheduler's. */
    //@ ensures freeCount() == \old(freeCount()) + 1;
    void release(int block) {
        if (block < 0 || block >= blocks.numBlocks()) {
            throw new IllegalStateException("block " + block + " is not in the pool of " + blocks.numBlocks());
        }
        if (blocks.isFree(block) || blocks.freeCount() == blocks.numBlocks()) {
            throw new IllegalStateException("block " + block + " released twice");
        }
        blocks.release(block);
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
