package org.schedproof.gpu.bench;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.gpu.cuda.CudaDevice;
import org.schedproof.gpu.cuda.CudaModel;
import org.schedproof.gpu.cuda.Shape;

/**
 * GPU throughput of the exact-integer model's kernels (spec/MODEL.md) for a shape (default llama7b, Llama-2-7B's):
 * decode = B sequences at a context of 512 positions each computing one token per launch; prefill = B prompts of 128
 * tokens in one launch. Prints tokens/s beside the weight-streaming bound (weight bytes / bandwidth: every launch
 * reads every weight once) and a bound that also counts the KV the attention reads. Wall-clock over synchronous
 * launches, best of 3 after a warm-up. Usage: GpuBench [shape] [bandwidth GB/s, default 4800 (H200 HBM3e)].
 */
public final class GpuBench {
    private static final int BLOCK = 16;
    private static final int CONTEXT = 512;
    private static final int PROMPT = 128;
    private static final int MAX_BATCH = 256;

    private GpuBench() {}

    public static void main(String[] args) {
        String why = CudaDevice.unavailableReason();
        if (why != null) {
            System.out.println("not measured: " + why);
            return;
        }
        Shape shape = Shape.named(args.length > 0 ? args[0] : "llama7b");
        double bandwidth = (args.length > 1 ? Double.parseDouble(args[1]) : 4800) * 1e9;
        int perSequence = (CONTEXT + 1 + BLOCK - 1) / BLOCK;
        try (CudaModel model = new CudaModel(shape, 1, MAX_BATCH * perSequence, BLOCK)) {
            System.out.printf("shape %s: %.2f GB of int8 weights, %d KV bytes per position, bandwidth %.0f GB/s%n",
                    shape.name(), shape.weightBytes() / 1e9, shape.slotBytes(), bandwidth / 1e9);
            // Fill every sequence's context once (prefill chunks of PROMPT tokens), so decodes attend over CONTEXT.
            for (int b = 0; b < MAX_BATCH; b += 16) {
                for (int start = 0; start < CONTEXT; start += PROMPT) {
                    List<CudaModel.Work> chunk = new ArrayList<>();
                    for (int s = b; s < b + 16; s++) chunk.add(work(s, start, PROMPT, perSequence, false));
                    model.run(chunk);
                }
            }
            System.out.printf("%-8s %6s %12s %14s %14s %9s%n", "phase", "batch", "ms/launch", "tokens/s",
                    "weight bound", "of bound");
            for (int batch = 1; batch <= MAX_BATCH; batch *= 2) {
                List<CudaModel.Work> decode = new ArrayList<>();
                for (int s = 0; s < batch; s++) decode.add(work(s, CONTEXT, 1, perSequence, true));
                report("decode", batch, batch, time(model, decode), shape, bandwidth, (long) batch * CONTEXT);
            }
            for (int batch = 1; batch <= MAX_BATCH; batch *= 2) {
                List<CudaModel.Work> prefill = new ArrayList<>();
                for (int s = 0; s < batch; s++) prefill.add(work(s, 0, PROMPT, perSequence, true));
                report("prefill", batch, batch * PROMPT, time(model, prefill), shape, bandwidth,
                        (long) batch * PROMPT * (PROMPT + 1) / 2);
            }
        }
    }

    /** Sequence s's positions [start, start + n) over its own blocks. */
    private static CudaModel.Work work(int s, int start, int n, int perSequence, boolean emits) {
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) tokens[i] = (s * 7919 + (start + i) * 104729) & 32767;
        int[] table = new int[perSequence];
        for (int k = 0; k < perSequence; k++) table[k] = s * perSequence + k;
        return new CudaModel.Work(tokens, start, table, emits);
    }

    private static double time(CudaModel model, List<CudaModel.Work> works) {
        model.run(works);
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            model.run(works); // synchronous: returns after the argmax is copied back
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    private static void report(String phase, int batch, int tokens, double seconds, Shape shape, double bandwidth,
                               long attended) {
        double weightBound = tokens / (shape.weightBytes() / bandwidth);
        double kvBound = tokens / ((shape.weightBytes() + attended * shape.slotBytes()) / bandwidth);
        System.out.printf("%-8s %6d %12.3f %14.0f %14.0f %8.1f%%   (with KV reads: bound %.0f)%n", phase, batch,
                seconds * 1e3, tokens / seconds, weightBound, 100 * tokens / seconds / weightBound, kvBound);
    }
}
