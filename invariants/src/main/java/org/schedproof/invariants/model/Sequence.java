package org.schedproof.invariants.model;

import java.util.Arrays;
import org.schedproof.spec.PromptTokens;

/**
 * One sequence of a {@link Model}: its tokens and the KV slots of the positions computed so far. Positions are
 * computed lazily, in order, when logits are asked for, each reusing the KV of the ones before (MODEL.md section 5:
 * {@code forward(tokens, start, kv)}), so extending a sequence by one token costs one position. Memory: 4 bytes per
 * token plus {@code 2·L·d} bytes per computed position (and at most a quarter more, room to grow).
 */
public final class Sequence {
    private final Model model;
    private int[] tokens = new int[16];
    private int length;
    /** K[l] and V[l] by component: element j of position t at j·capacity + t. */
    private final byte[][] keys;
    private final byte[][] values;
    private int capacity;
    private int computed;
    private int[] lastLogits;

    Sequence(Model model, int layers) {
        this.model = model;
        keys = new byte[layers][];
        values = new byte[layers][];
        for (int l = 0; l < layers; l++) {
            keys[l] = new byte[0];
            values[l] = new byte[0];
        }
    }

    public int length() {
        return length;
    }

    /** Appends a token id in [0, TOKEN_SPACE) (an id selects embedding row id mod V). */
    public void append(int token) {
        if (token < 0 || token >= PromptTokens.TOKEN_SPACE) {
            throw new IllegalArgumentException("token " + token + " outside [0, " + PromptTokens.TOKEN_SPACE + ")");
        }
        if (length == tokens.length) tokens = Arrays.copyOf(tokens, 2 * length);
        tokens[length++] = token;
        lastLogits = null;
    }

    public void append(int[] ts) {
        for (int t : ts) append(t);
    }

    /** The logits of the last token's position (a fresh array); computes the positions not yet computed. */
    public int[] logits() {
        return compute().clone();
    }

    /** The greedy next token: the argmax of {@link #logits()}, lowest index among equal maxima. */
    public int nextToken() {
        return Model.argmax(compute());
    }

    private int[] compute() {
        if (length == 0) throw new IllegalStateException("an empty sequence has no logits");
        if (lastLogits == null) {
            reserve(length);
            for (; computed < length; computed++) model.position(tokens[computed], computed, keys, values, capacity);
            lastLogits = model.logits();
        }
        return lastLogits;
    }

    /** Room for the KV of {@code positions}, growing by a quarter: at most 25% (plus 16 positions) held unused. */
    private void reserve(int positions) {
        if (capacity >= positions) return;
        int d = model.d;
        int grown = (int) Math.min(Math.max(positions, capacity + capacity / 4L + 16), (Integer.MAX_VALUE - 8) / d);
        if (grown < positions) throw new IllegalStateException("a sequence of " + positions + " positions exceeds the KV array");
        for (int l = 0; l < keys.length; l++) {
            keys[l] = regrid(keys[l], d, grown);
            values[l] = regrid(values[l], d, grown);
        }
        capacity = grown;
    }

    /** The d rows of {@code old} (each {@code capacity} long, {@code computed} filled) in rows of {@code grown}. */
    private byte[] regrid(byte[] old, int d, int grown) {
        byte[] out = new byte[d * grown];
        for (int j = 0; j < d; j++) System.arraycopy(old, j * capacity, out, j * grown, computed);
        return out;
    }
}
