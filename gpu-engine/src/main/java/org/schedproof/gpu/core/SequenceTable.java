package org.schedproof.gpu.core;

/**
 * The engine's requests by id: an open-addressing table on primitive {@code long} keys with linear probing, since every
 * slice of every step looks its request up and a {@code HashMap<Long, ...>} boxes each id. The hash keeps consecutive
 * ids in neighbouring slots (as HashMap's does): requests run roughly in id order, so lookups stay in cache.
 * Requests are only added (a finished request keeps its entry for its completion).
 */
final class SequenceTable {
    private long[] keys;
    private Sequence[] values;
    private int size;
    /** The last request found: a former asks about the request it was just offered several times in a row. */
    private Sequence last;
    private long lastId;

    /** A table that holds {@code expected} requests without growing. */
    SequenceTable(int expected) {
        int n = Integer.highestOneBit(Math.max(32, expected)) * 4; // at most half full
        keys = new long[n];
        values = new Sequence[n];
    }

    /** The request of id {@code id}, or null when none was added. */
    Sequence get(long id) {
        if (last != null && lastId == id) return last;
        for (int i = slot(id); ; i = (i + 1) & (keys.length - 1)) {
            Sequence s = values[i];
            if (s == null || keys[i] == id) {
                if (s != null) {
                    last = s;
                    lastId = id;
                }
                return s;
            }
        }
    }

    /** Adds {@code s} under {@code id}, which is not in the table. */
    void put(long id, Sequence s) {
        if (2 * (size + 1) > keys.length) grow();
        int i = slot(id);
        while (values[i] != null) i = (i + 1) & (keys.length - 1);
        keys[i] = id;
        values[i] = s;
        size++;
    }

    private int slot(long id) {
        int h = Long.hashCode(id);
        return (h ^ (h >>> 16)) & (keys.length - 1);
    }

    private void grow() {
        long[] k = keys;
        Sequence[] v = values;
        keys = new long[2 * k.length];
        values = new Sequence[2 * k.length];
        size = 0;
        for (int i = 0; i < k.length; i++) if (v[i] != null) put(k[i], v[i]);
    }
}
