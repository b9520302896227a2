package org.schedproof.invariants;

import java.util.ArrayList;
import java.util.List;

/**
 * Reuses the per-request arrays of a replay (a request's chain hashes and held blocks, kilobytes each and alive for as
 * long as the request): an array given back by a finished request serves a later one. Without it every one of them
 * lives long enough to be copied into the old generation, where it dies: that copying and the fresh memory it
 * touched were most of a check's collector time. Capacities are powers of two, so an array fits the next request of
 * its size class.
 */
final class ArrayPool {
    private final List<List<long[]>> longs = classes();
    private final List<List<int[]>> ints = classes();

    private static <T> List<List<T>> classes() {
        List<List<T>> out = new ArrayList<>(32);
        for (int c = 0; c < 32; c++) out.add(new ArrayList<>());
        return out;
    }

    /** The size class of an array of at least {@code min} (at least 1) entries: its capacity is 2^class. */
    private static int sizeClass(int min) {
        return 32 - Integer.numberOfLeadingZeros(Math.max(1, min) - 1);
    }

    /** An array of at least {@code min} entries, of unspecified content. */
    long[] longs(int min) {
        List<long[]> free = longs.get(sizeClass(min));
        return free.isEmpty() ? new long[1 << sizeClass(min)] : free.remove(free.size() - 1);
    }

    /** An array of at least {@code min} entries, of unspecified content. */
    int[] ints(int min) {
        List<int[]> free = ints.get(sizeClass(min));
        return free.isEmpty() ? new int[1 << sizeClass(min)] : free.remove(free.size() - 1);
    }

    /** Gives back an array this pool made; the caller no longer uses it. */
    void give(long[] array) {
        longs.get(sizeClass(array.length)).add(array);
    }

    /** Gives back an array this pool made; the caller no longer uses it. */
    void give(int[] array) {
        ints.get(sizeClass(array.length)).add(array);
    }
}
