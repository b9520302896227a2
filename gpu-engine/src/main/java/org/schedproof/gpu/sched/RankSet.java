package org.schedproof.gpu.sched;

import java.util.Arrays;

/**
 * A set of non-negative ints (arrival ranks) as a bitset over the words between the smallest and the largest it held:
 * add and remove in O(1) with no boxing, the smallest in O(1) amortized while adds come in rising order, and in-order
 * walks by word scans. Words emptied at the low end are dropped, so it takes one bit per rank of the span it holds now.
 */
final class RankSet {
    private long[] words = new long[2];
    /** Word {@code i} holds the ints {@code [(base + i) * 64, (base + i + 1) * 64)}. */
    private int base = -1;
    /** No bit is set in {@code words[0, low)}. */
    private int low;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    //@ requires x >= 0;
    void add(int x) {
        int w = x >>> 6;
        if (base < 0) {
            base = w;
            low = 0;
        } else if (w < base) {
            int shift = base - w;
            long[] to = new long[Math.max(words.length + shift, 2)];
            System.arraycopy(words, 0, to, shift, words.length);
            words = to;
            base = w;
            low = 0;
        } else if (w - base >= words.length) {
            words = Arrays.copyOf(words, Math.max(2 * words.length, w - base + 1));
        }
        int i = w - base;
        long bit = 1L << x;
        if ((words[i] & bit) == 0) {
            words[i] |= bit;
            size++;
            if (i < low) low = i;
        }
    }

    //@ requires x >= 0;
    void remove(int x) {
        int i = (x >>> 6) - base;
        if (base < 0 || i < 0 || i >= words.length) return;
        long bit = 1L << x;
        if ((words[i] & bit) == 0) return;
        words[i] &= ~bit;
        if (--size == 0) {
            base = -1; // every word is 0 again: the array is reused from wherever the next add lands
            low = 0;
        }
    }

    boolean contains(int x) {
        int i = (x >>> 6) - base;
        return base >= 0 && i >= 0 && i < words.length && (words[i] & (1L << x)) != 0;
    }

    /** The smallest member, or -1 when empty. */
    int first() {
        return next(0);
    }

    /** The smallest member at least {@code from}, or -1 when there is none. */
    int next(int from) {
        if (size == 0) return -1;
        skipEmptyLow();
        int i = (from >>> 6) - base;
        long m;
        if (i < low) {
            i = low;
            m = words[i];
        } else {
            if (i >= words.length) return -1;
            m = words[i] & (-1L << from);
        }
        while (m == 0) {
            if (++i >= words.length) return -1;
            m = words[i];
        }
        return ((base + i) << 6) + Long.numberOfTrailingZeros(m);
    }

    /** Moves {@link #low} to the first set word, dropping the empty low half of the array when it is most of it. */
    private void skipEmptyLow() {
        while (words[low] == 0) low++;
        if (low > 64 && low > words.length / 2) {
            words = Arrays.copyOfRange(words, low, words.length);
            base += low;
            low = 0;
        }
    }
}
