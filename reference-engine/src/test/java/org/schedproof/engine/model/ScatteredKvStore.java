package org.schedproof.engine.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A paged KV store as an engine keeps one: positions map to blocks of {@code blockSize} slots, the blocks lie in
 * shuffled order across several pool arrays, and the slots of one block are padded apart. Catches a model that
 * assumes contiguous KV.
 */
final class ScatteredKvStore implements KvStore {
    private final int blockSize, slotBytes, slotStride;
    private final byte[][] pools;
    private final int[] blockPool, blockOffset;

    ScatteredKvStore(ModelShape shape, int capacityPositions, int blockSize, Random rnd) {
        this.blockSize = blockSize;
        this.slotBytes = shape.kvBytesPerPosition();
        this.slotStride = slotBytes + 3; // padding: a slot must never spill into the next
        int blocks = (capacityPositions + blockSize - 1) / blockSize;
        int poolCount = 1 + rnd.nextInt(3);
        int perPool = (blocks + poolCount - 1) / poolCount + 1; // one spare block per pool stays untouched
        pools = new byte[poolCount][perPool * blockSize * slotStride + 7];
        List<Integer> physical = new ArrayList<>();
        for (int i = 0; i < poolCount * perPool; i++) {
            physical.add(i);
        }
        Collections.shuffle(physical, rnd);
        blockPool = new int[blocks];
        blockOffset = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            int phys = physical.get(b);
            blockPool[b] = phys / perPool;
            blockOffset[b] = 7 + (phys % perPool) * blockSize * slotStride;
        }
    }

    @Override
    public byte[] array(int position) {
        return pools[blockPool[position / blockSize]];
    }

    @Override
    public int offset(int position) {
        return blockOffset[position / blockSize] + (position % blockSize) * slotStride;
    }

    /** Copies the KV slots of positions [0, n) from another store, as a prefix cache hands over a prefix. */
    void copyPrefix(KvStore from, int n) {
        for (int p = 0; p < n; p++) {
            System.arraycopy(from.array(p), from.offset(p), array(p), offset(p), slotBytes);
        }
    }
}
