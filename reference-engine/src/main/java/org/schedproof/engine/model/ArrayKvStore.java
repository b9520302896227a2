package org.schedproof.engine.model;

/** One contiguous array of slots, position p at offset p * slot size: for tests and single-sequence runs. */
public final class ArrayKvStore implements KvStore {
    private final byte[] data;
    private final int slotBytes;
    private final int capacity;

    public ArrayKvStore(ModelShape s, int capacityPositions) {
        if (capacityPositions < 0) {
            throw new IllegalArgumentException("negative capacity " + capacityPositions);
        }
        this.slotBytes = s.kvBytesPerPosition();
        long bytes = (long) slotBytes * capacityPositions;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(capacityPositions + " positions of shape " + s.name() + " need "
                    + bytes + " bytes, more than one Java array holds");
        }
        this.capacity = capacityPositions;
        this.data = new byte[(int) bytes];
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public byte[] array(int position) {
        check(position);
        return data;
    }

    @Override
    public int offset(int position) {
        check(position);
        return position * slotBytes;
    }

    private void check(int position) {
        if (position < 0 || position >= capacity) {
            throw new IndexOutOfBoundsException("KV position " + position + " outside capacity " + capacity);
        }
    }
}
