package org.schedproof.spec.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable witness (a step's {@code witness}, spec/TRACE.md) held as two arrays, which {@link TraceEvent.Step}
 * keeps without a copy. A policy builds one every step for every client (VTC's counters, DLPM's deficits), so it
 * costs two array copies instead of a hash table; a key lookup builds the table once, on first use. The copies keep a
 * spare slot, so the first {@link #with} of a map (a batch former's {@code blocked}) copies nothing: the new map shares
 * the arrays and owns one entry more, which no map before it reads.
 */
public final class WitnessMap extends AbstractMap<String, Long> {
    private static final VarHandle SPARE_TAKEN;

    static {
        try {
            SPARE_TAKEN = MethodHandles.lookup().findVarHandle(WitnessMap.class, "spareTaken", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Entries {@code [0, size)}; the slots after them belong to no map yet, or to a map made by {@link #with}. */
    private final String[] keys;
    private final long[] values;
    private final int size;
    /** Whether a {@link #with} has given slot {@code size} to a new map (claimed once, atomically). */
    @SuppressWarnings("unused")
    private volatile boolean spareTaken;
    /** Built on the first lookup; an immutable map, so its final fields publish it safely to any thread. */
    private Map<String, Long> index;

    private WitnessMap(String[] keys, long[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    /** {@code keys[i] -> values[i]} for {@code i < n}, copied; the n keys must be distinct and not null. */
    //@ requires 0 <= n && n <= keys.length && n <= values.length;
    public static WitnessMap of(String[] keys, long[] values, int n) {
        return new WitnessMap(Arrays.copyOf(keys, n + 1), Arrays.copyOf(values, n + 1), n);
    }

    /** {@code map} itself when it is one, else its entries copied. */
    public static WitnessMap copyOf(Map<String, Long> map) {
        if (map instanceof WitnessMap w) return w;
        int n = map.size();
        String[] k = new String[n + 1];
        long[] v = new long[n + 1];
        int i = 0;
        for (Map.Entry<String, Long> e : map.entrySet()) {
            k[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return new WitnessMap(k, v, n);
    }

    /**
     * This witness with one entry more; {@code key} must not be one of its keys. The first call on a map fills its
     * spare slot and shares its arrays; any later one copies them.
     */
    public WitnessMap with(String key, long value) {
        int n = size;
        if (n < keys.length && SPARE_TAKEN.compareAndSet(this, false, true)) {
            keys[n] = key;
            values[n] = value;
            return new WitnessMap(keys, values, n + 1);
        }
        String[] k = Arrays.copyOf(keys, n + 2);
        long[] v = Arrays.copyOf(values, n + 2);
        k[n] = key;
        v[n] = value;
        return new WitnessMap(k, v, n + 1);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Long get(Object key) {
        if (size > SCAN) return index().get(key);
        int i = scan(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return size > SCAN ? index().containsKey(key) : scan(key) >= 0;
    }

    /** Up to this many entries a lookup scans the keys (most witnesses hold one or two) instead of building a table. */
    private static final int SCAN = 8;

    /** The slot of {@code key} among the entries, or -1. */
    private int scan(Object key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) return i;
        }
        return -1;
    }

    private Map<String, Long> index() {
        Map<String, Long> m = index;
        if (m == null) index = m = Map.copyOf(this); // Map.copyOf iterates, never looks up: no recursion
        return m;
    }

    /** The {@link Map#hashCode} contract, from the arrays (no entry objects). */
    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < size; i++) h += keys[i].hashCode() ^ Long.hashCode(values[i]);
        return h;
    }

    @Override
    public Set<Map.Entry<String, Long>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<String, Long>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < size;
                    }

                    @Override
                    public Map.Entry<String, Long> next() {
                        if (i >= size) throw new NoSuchElementException();
                        Map.Entry<String, Long> e = Map.entry(keys[i], values[i]);
                        i++;
                        return e;
                    }
                };
            }
        };
    }
}
