package org.schedproof.gpu.core;

/**
 * The paged KV pool's free blocks as a FIFO ring: a released block is reused last, so a block a pending device
 * batch still reads is rarely wanted again before the batch runs. Which block is taken never shows in a trace; only
 * how many are free does.
 */
final class BlockPool {
    private final int[] ring;
    private final boolean[] isFree;
    private int head;
    private int count;

    BlockPool(int numBlocks) {
        ring = new int[numBlocks];
        isFree = new boolean[numBlocks];
        for (int b = 0; b < numBlocks; b++) {
            ring[b] = b;
            isFree[b] = true;
        }
        count = numBlocks;
    }

    int numBlocks() {
        return ring.length;
    }

    int freeCount() {
        return count;
    }

    //@ requires freeCount() > 0;
    //@ ensures freeCount() == \old(freeCount()) - 1;
    int allocate() {
        if (count == 0) throw new IllegalStateException("KV pool exhausted: the engine allocated without checking capacity");
        int b = ring[head];
        if (++head == ring.length) head = 0; // no division: a step allocates and releases hundreds
        count--;
        isFree[b] = false;
        return b;
    }

    //@ ensures freeCount() == \old(freeCount()) + 1;
    void release(int block) {
        if (isFree[block]) throw new IllegalStateException("block " + block + " released twice");
        isFree[block] = true;
        int at = head + count;
        ring[at < ring.length ? at : at - ring.length] = block;
        count++;
    }
}
