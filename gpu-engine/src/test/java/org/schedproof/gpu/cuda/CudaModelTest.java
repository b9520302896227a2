package org.schedproof.gpu.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.model.ArrayKvStore;
import org.schedproof.engine.model.ExactModel;
import org.schedproof.engine.model.ModelShape;

/** The kernels against the CPU reference, logit for logit: whole prompts, chunked mixed batches, scattered blocks. */
class CudaModelTest {
    private static final int BLOCK = 16;
    private static final int BLOCKS = 256;
    private static CudaModel gpu;

    @BeforeAll
    static void device() {
        if (CudaDevice.available()) gpu = new CudaModel(Shape.TINY, 1, BLOCKS, BLOCK);
    }

    @BeforeEach
    void needsDevice() {
        assumeTrue(gpu != null, CudaDevice::unavailableReason);
    }

    @AfterAll
    static void close() {
        if (gpu != null) gpu.close();
    }

    @Test
    void promptLogitsEqualTheReferenceForEveryLength() {
        ExactModel cpu = new ExactModel(ModelShape.TINY, 1);
        for (int n : new int[] {1, 2, 15, 16, 17, 48, 300}) {
            int[] prompt = tokens(n, n);
            int[] expected = cpu.forward(prompt, 0, new ArrayKvStore(ModelShape.TINY, n));
            int[][] got = gpu.logits(List.of(new CudaModel.Work(prompt, 0, table(0, n), true)));
            assertThat(got[0]).as("prompt of " + n).isEqualTo(expected);
        }
    }

    @Test
    void chunkedMixedBatchesOverScatteredBlocksGiveTheReferenceContinuation() {
        ExactModel cpu = new ExactModel(ModelShape.TINY, 1);
        for (long seed = 0; seed < 5; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 1 + rng.nextInt(120), other = 1 + rng.nextInt(120);
            int[] prompt = tokens(n, seed), decoy = tokens(other, seed + 100);
            int[] expected = continuation(cpu, prompt, 6);
            int[] mine = tableFromTop(0, n + 6), theirs = tableFromTop(1, other);
            List<Integer> got = new ArrayList<>();
            int chunk = 1 + rng.nextInt(20);
            // prompt in chunks beside the decoy's chunks (one batch each), then decodes beside nothing
            for (int s = 0, o = 0; s < n; s += chunk, o += chunk) {
                int e = Math.min(n, s + chunk);
                List<CudaModel.Work> batch = new ArrayList<>();
                if (o < other) {
                    batch.add(new CudaModel.Work(slice(decoy, o, Math.min(other, o + chunk)), o, theirs, false));
                }
                batch.add(new CudaModel.Work(slice(prompt, s, e), s, mine, e == n));
                int[] next = gpu.run(batch);
                if (e == n) got.add(next[0]);
            }
            for (int i = 1; i < 6; i++) {
                int[] last = {got.get(got.size() - 1)};
                got.add(gpu.run(List.of(new CudaModel.Work(last, n + i - 1, mine, true)))[0]);
            }
            assertThat(got).as("seed " + seed + ", prompt " + n + ", chunk " + chunk).containsExactly(box(expected));
        }
    }

    private static int[] continuation(ExactModel cpu, int[] prompt, int steps) {
        ArrayKvStore kv = new ArrayKvStore(ModelShape.TINY, prompt.length + steps);
        int[] out = new int[steps];
        out[0] = cpu.nextToken(prompt, 0, kv);
        for (int i = 1; i < steps; i++) out[i] = cpu.nextToken(new int[] {out[i - 1]}, prompt.length + i - 1, kv);
        return out;
    }

    private static int[] tokens(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 31 + 7);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = rng.nextInt(32768);
        return t;
    }

    private static int[] table(int first, int positions) {
        int[] t = new int[(positions + BLOCK - 1) / BLOCK];
        for (int i = 0; i < t.length; i++) t[i] = first + i;
        return t;
    }

    /** Blocks counted down from the top of the pool, every other one, so two tables interleave. */
    private static int[] tableFromTop(int parity, int positions) {
        int[] t = new int[(positions + BLOCK - 1) / BLOCK];
        for (int i = 0; i < t.length; i++) t[i] = BLOCKS - 1 - parity - 2 * i;
        return t;
    }

    private static int[] slice(int[] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }

    private static Integer[] box(int[] a) {
        return java.util.Arrays.stream(a).boxed().toArray(Integer[]::new);
    }
}
