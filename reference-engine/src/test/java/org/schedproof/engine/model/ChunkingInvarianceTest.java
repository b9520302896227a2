package org.schedproof.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.PromptTokens;

/**
 * MODEL.md section 1.3: the logits of a position are a function of the tokens up to it alone, whatever the chunking
 * of prefill and whether a prefix's KV came from another run. Seeded loops; every message names its seed.
 */
class ChunkingInvarianceTest {
    private static final ExactModel TINY = new ExactModel(ModelShape.TINY, 1);
    private static final int CONTINUATION = 6;

    @Test
    void chunkedPrefillAndReusedPrefixGiveIdenticalLogitsAndContinuations_tiny() {
        for (long seed = 1; seed <= 60; seed++) {
            check(TINY, seed, 1 + new Random(seed).nextInt(70));
        }
    }

    @Test
    void chunkedPrefillAndReusedPrefixGiveIdenticalLogitsAndContinuations_small() {
        ExactModel small = new ExactModel(ModelShape.SMALL, 3);
        for (long seed = 1; seed <= 3; seed++) {
            check(small, seed, 20 + new Random(seed).nextInt(30));
        }
    }

    @Test
    void longerPromptsStayInvariant_tiny() {
        for (long seed = 100; seed < 103; seed++) {
            check(TINY, seed, 300 + new Random(seed).nextInt(200));
        }
    }

    private static void check(ExactModel model, long seed, int length) {
        ModelShape shape = model.shape();
        Random rnd = new Random(seed);
        int[] prompt = new int[length];
        for (int i = 0; i < length; i++) {
            prompt[i] = rnd.nextInt(PromptTokens.TOKEN_SPACE);
        }
        int capacity = length + CONTINUATION;
        String what = "seed " + seed + ", model " + shape.name() + "@" + model.seed() + ", prompt length " + length;

        // Reference: the whole prompt in one call, contiguous KV.
        ArrayKvStore wholeKv = new ArrayKvStore(shape, capacity);
        int[] whole = model.forward(prompt, 0, wholeKv);
        int[] wholeContinuation = continue_(model, whole, length, wholeKv);

        // One position per call: the logits of every prefix.
        int[][] perPosition = new int[length][];
        ArrayKvStore stepKv = new ArrayKvStore(shape, capacity);
        for (int p = 0; p < length; p++) {
            perPosition[p] = model.forward(new int[] {prompt[p]}, p, stepKv);
        }
        assertThat(perPosition[length - 1]).as("one token per call vs whole, %s", what).containsExactly(whole);

        // Random chunks into a scattered paged store: each chunk's logits are those of its last position.
        ScatteredKvStore chunkKv = new ScatteredKvStore(shape, capacity, 1 + rnd.nextInt(8), rnd);
        int start = 0;
        int[] chunked = null;
        while (start < length) {
            int n = Math.min(length - start, 1 + rnd.nextInt(Math.max(1, length / 2)));
            chunked = model.forward(Arrays.copyOfRange(prompt, start, start + n), start, chunkKv);
            assertThat(chunked).as("chunk [%d, %d), %s", start, start + n, what)
                    .containsExactly(perPosition[start + n - 1]);
            start += n;
        }
        assertThat(continue_(model, chunked, length, chunkKv)).as("continuation after chunked prefill, %s", what)
                .containsExactly(wholeContinuation);

        // Prefix reuse: another run computed [0, k); its KV is handed over and only [k, length) is computed.
        int k = rnd.nextInt(length);
        ArrayKvStore otherRun = new ArrayKvStore(shape, length);
        if (k > 0) {
            model.forward(Arrays.copyOf(prompt, k), 0, otherRun);
        }
        ScatteredKvStore reuseKv = new ScatteredKvStore(shape, capacity, 1 + rnd.nextInt(8), rnd);
        reuseKv.copyPrefix(otherRun, k);
        int[] resumed = model.forward(Arrays.copyOfRange(prompt, k, length), k, reuseKv);
        assertThat(resumed).as("resumed at %d from reused KV, %s", k, what).containsExactly(whole);
        assertThat(continue_(model, resumed, length, reuseKv)).as("continuation after reuse at %d, %s", k, what)
                .containsExactly(wholeContinuation);
    }

    /** Greedy continuation of CONTINUATION tokens after a prompt of {@code length} tokens whose last logits are given. */
    private static int[] continue_(ExactModel model, int[] logits, int length, KvStore kv) {
        int[] out = new int[CONTINUATION];
        for (int s = 0; s < CONTINUATION; s++) {
            out[s] = ExactModel.argmax(logits);
            if (s + 1 < CONTINUATION) {
                logits = model.forward(new int[] {out[s]}, length + s, kv);
            }
        }
        return out;
    }
}
