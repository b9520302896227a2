package org.schedproof.gpu.core;

/**
 * The engine's requests by id: an open-addressing table with linear probing, since every slice of every step looks its
 * request up and a {@code HashMap<Long, ...>} boxes each id. A slot holds the request alone and a probe compares the
 * request's own id: the lookup reads the request anyway, so a separate array of keys was one cache miss more per
 * lookup in a crowded queue. The hash keeps consecutive ids in neighbouring slots (as HashMap's does). Requests are
 * only added (a finished request keeps its entry for its completion).
 */
final class SequenceTable {
    private Sequence[] values;
    private int size;
    /** The last request found: a former asks about the request it was just offered several times in a row. */
    private Sequence last;

    /** A table that holds {@code expected} requests without growing. */
    SequenceTable(int expected) {
        values = new Sequence[Integer.highestOneBit(Math.max(32, expected)) * 4]; // at most half full
    }

    /** The request of id {@code id}, or null when none was added. */
    Sequence get(long id) {
        Sequence s = last;
        if (s != null && s.id() == id) return s;
        for (int i = slot(id); ; i = (i + 1) & (values.length - 1)) {
            s = values[i];
            if (s == null) return null;
            if (s.id() == id) return last = s;
        }
    }

    /** Adds {@code s}, whose id is not in the table. */
    void put(Sequence s) {
        if (2 * (size + 1) > values.length) grow();
        int i = slot(s.id());
        while (values[i] != null) i = (i + 1) & (values.length - 1);
        values[i] = s;
        size++;
    }

    private int slot(long id) {
        int h = Long.hashCode(id);
        return (h ^ (h >>> 16)) & (values.length - 1);
    }

    private void grow() {
        Sequence[] v = values;
        values = new Sequence[2 * v.length];
        size = 0;
        for (Sequence s : v) if (s != null) put(s);
    }
}
