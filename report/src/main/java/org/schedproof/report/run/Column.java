package org.schedproof.report.run;

import java.util.Arrays;

/** A growable column of longs: one value per step of a run. */
public final class Column {
    private long[] data = new long[1024];
    private int size;

    void add(long v) {
        if (size == data.length) data = Arrays.copyOf(data, 2 * size);
        data[size++] = v;
    }

    /** Takes {@code other}'s values in place of its own. */
    void replaceWith(Column other) {
        data = Arrays.copyOf(other.data, Math.max(1024, other.size));
        size = other.size;
    }

    public int size() {
        return size;
    }

    public long get(int i) {
        return data[i];
    }

    public long max() {
        long m = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) m = Math.max(m, data[i]);
        return size == 0 ? 0 : m;
    }

    public long sum() {
        long s = 0;
        for (int i = 0; i < size; i++) s += data[i];
        return s;
    }
}
