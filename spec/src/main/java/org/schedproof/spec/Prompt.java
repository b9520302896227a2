package org.schedproof.spec;

import java.util.Arrays;

/**
 * A prompt as consecutive segments: segment {@code s} covers positions [ends[s-1], ends[s]) and its tokens are
 * {@link PromptTokens#token(long, int)} of {@code keys[s]}. Equal keys at equal positions mean equal tokens, which is
 * what makes prefixes shareable (Mooncake hash ids, shared system prompts, conversation history).
 */
public record Prompt(long[] keys, int[] ends) {
    //@ public invariant keys.length == ends.length && keys.length >= 1;
    //@ public invariant (\forall int s; 0 < s && s < ends.length; ends[s - 1] < ends[s]) && ends[0] > 0;

    public Prompt {
        if (keys.length != ends.length || keys.length == 0) {
            throw new IllegalArgumentException("a prompt needs one end per key and at least one segment");
        }
        for (int s = 0; s < ends.length; s++) {
            if (ends[s] <= (s == 0 ? 0 : ends[s - 1])) {
                throw new IllegalArgumentException("segment " + s + " is empty or ends before the previous one");
            }
        }
    }

    /** A prompt of {@code length} tokens cut into segments of {@code segmentSize} (the last one may be shorter). */
    public static Prompt ofBlocks(long[] keys, int segmentSize, int length) {
        if (length <= 0 || length > (long) keys.length * segmentSize || length <= (long) (keys.length - 1) * segmentSize) {
            throw new IllegalArgumentException(
                    "length " + length + " does not fit " + keys.length + " segments of " + segmentSize);
        }
        int[] ends = new int[keys.length];
        for (int s = 0; s < keys.length; s++) {
            ends[s] = Math.min(length, (s + 1) * segmentSize);
        }
        return new Prompt(keys, ends);
    }

    /** A prompt of one segment. */
    public static Prompt single(long key, int length) {
        return new Prompt(new long[] {key}, new int[] {length});
    }

    //@ ensures \result == ends[ends.length - 1];
    //@ pure
    public int length() {
        return ends[ends.length - 1];
    }

    /**
     * Chain hashes of the first {@code blocks} full blocks of {@code blockSize} positions: block k's hash covers
     * positions [0, (k+1)·blockSize) as its maximal runs of one segment (key, first offset, length), which determine
     * the tokens, so equal hashes mean equal prefixes (bar a 64-bit collision) at O(1) cost per block, not per token.
     * The prefix cache names its nodes by them.
     */
    //@ requires blockSize > 0 && 0 <= blocks && blocks <= length() / blockSize;
    public long[] blockChain(int blockSize, int blocks) {
        return blockChain(blockSize, blocks, NO_BLOCKS);
    }

    private static final long[] NO_BLOCKS = new long[0];

    /**
     * {@link #blockChain(int, int)}, continuing {@code known}, the chain's first hashes (of the same block size) as
     * computed before: a hash depends only on the one before it and its own block, so only the new ones are computed.
     */
    //@ requires blockSize > 0 && known.length <= blocks && blocks <= length() / blockSize;
    public long[] blockChain(int blockSize, int blocks, long[] known) {
        long[] out = Arrays.copyOf(known, blocks);
        continueChain(blockSize, out, known.length, blocks);
        return out;
    }

    /**
     * Writes the chain hashes of full blocks [from, to) into {@code chain}, continuing its first {@code from} (as
     * {@link #blockChain(int, int)} computes them): for a caller that keeps one array per request and grows it.
     */
    //@ requires blockSize > 0 && 0 <= from && from <= to && to <= length() / blockSize && to <= chain.length;
    public void continueChain(int blockSize, long[] chain, int from, int to) {
        long h = from == 0 ? 0x5CEDF00DL : chain[from - 1];
        for (int b = from, seg = 0; b < to; b++) {
            for (int pos = b * blockSize, end = pos + blockSize; pos < end; ) {
                while (ends[seg] <= pos) seg++;
                int segStart = seg == 0 ? 0 : ends[seg - 1];
                int runEnd = Math.min(end, ends[seg]);
                h = PromptTokens.mix64(h ^ PromptTokens.mix64(keys[seg] + 0x9E3779B97F4A7C15L * (pos - segStart + 1L)));
                h = PromptTokens.mix64(h + (runEnd - pos));
                pos = runEnd;
            }
            chain[b] = h;
        }
    }

    /** Token at {@code position} (0-based). */
    //@ requires 0 <= position && position < length();
    //@ pure
    public int tokenAt(int position) {
        int s = segmentOf(position);
        int start = s == 0 ? 0 : ends[s - 1];
        return PromptTokens.token(keys[s], position - start);
    }

    /** Tokens of positions [from, to), written into a new array. */
    public int[] tokens(int from, int to) {
        if (from < 0 || to > length() || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + length());
        }
        int[] out = new int[to - from];
        int s = from == to ? 0 : segmentOf(from);
        for (int p = from; p < to; p++) {
            while (p >= ends[s]) {
                s++;
            }
            out[p - from] = PromptTokens.token(keys[s], p - (s == 0 ? 0 : ends[s - 1]));
        }
        return out;
    }

    private int segmentOf(int position) {
        if (position < 0 || position >= length()) {
            throw new IndexOutOfBoundsException("position " + position + " of " + length());
        }
        int i = Arrays.binarySearch(ends, position + 1);
        return i >= 0 ? i : -i - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prompt p && Arrays.equals(keys, p.keys) && Arrays.equals(ends, p.ends);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(keys) + Arrays.hashCode(ends);
    }

    @Override
    public String toString() {
        return "Prompt[" + length() + " tokens in " + keys.length + " segments]";
    }
}
