package org.schedproof.gpu.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import org.schedproof.spec.PromptTokens;

/**
 * The exact-integer model (spec/MODEL.md) on a CUDA device through JCuda's driver API: weights generated on the device
 * from the seed, a paged KV pool of {@code numBlocks} blocks of {@code blockSize} slots, and one forward pass per call
 * for any mix of prefill chunks and decodes of different sequences. Kernels: src/main/cuda/model.cu (launch order
 * mirrored by src/test/cuda/check_model.cpp, which checks the kernels on a CPU). Not thread-safe.
 */
public final class CudaModel implements AutoCloseable {
    /** Positions [start, start + tokens.length) of one sequence whose blocks are {@code blockTable}. */
    public record Work(int[] tokens, int start, int[] blockTable, boolean emits) {}

    private static final long GAMMA = 0x9E3779B97F4A7C15L;
    private static final int THREADS = 256;
    private static final int ATTN_THREADS = 128;
    private static final int STRIDE_GRID = 1024;

    private final Shape shape;
    private final int blockSize;
    private final long positionKey;
    private final int multD, multF, attnMult;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUmodule module = new CUmodule();
    private final List<CUdeviceptr> allocations = new ArrayList<>();
    private final CUdeviceptr embedding, output, kv;
    private final CUdeviceptr[] wQkv, wO, wGateUp, wDown;
    private final CUfunction fEmbed, fRmsnorm, fStoreKv, fAttention, fReglu, fArgmax;
    private final CUfunction[] fRequant, fRaw, fResidual; // token tile 8, 64
    private final Scratch scratch = new Scratch();

    /** Generates the weights of {@code shape@seed} on device 0 and allocates the KV pool. */
    public CudaModel(Shape shape, long seed, int numBlocks, int blockSize) {
        String why = CudaDevice.unavailableReason();
        if (why != null) throw new IllegalStateException(why);
        this.shape = shape;
        this.blockSize = blockSize;
        int d = shape.dModel(), f = shape.dFf(), v = shape.vocab();
        positionKey = tensorKey(seed, 1);
        multD = multiplier(d);
        multF = multiplier(f);
        attnMult = multiplier(shape.headDim());
        cuDeviceGet(device, 0);
        cuDevicePrimaryCtxRetain(context, device);
        cuCtxSetCurrent(context);
        cuModuleLoadData(module, ptx());
        fEmbed = function("embed");
        fRmsnorm = function("rmsnorm");
        fStoreKv = function("store_kv");
        fAttention = function("attention");
        fReglu = function("reglu");
        fArgmax = function("argmax");
        fRequant = new CUfunction[] {function("matmul_requant_t8"), function("matmul_requant_t64")};
        fRaw = new CUfunction[] {function("matmul_raw_t8"), function("matmul_raw_t64")};
        fResidual = new CUfunction[] {function("matmul_residual_t8"), function("matmul_residual_t64")};
        embedding = generate(seed, (long) v * d, 0);
        output = generate(seed, (long) v * d, 2);
        int layers = shape.layers();
        wQkv = new CUdeviceptr[layers];
        wO = new CUdeviceptr[layers];
        wGateUp = new CUdeviceptr[layers];
        wDown = new CUdeviceptr[layers];
        for (int l = 0; l < layers; l++) {
            int t = 16 + 8 * l; // tensor ids of layer l (spec/MODEL.md 3.2)
            wQkv[l] = generate(seed, (long) d * d, t, t + 1, t + 2);
            wO[l] = generate(seed, (long) d * d, t + 3);
            wGateUp[l] = generate(seed, (long) f * d, t + 4, t + 5);
            wDown[l] = generate(seed, (long) d * f, t + 6);
        }
        kv = alloc((long) numBlocks * blockSize * shape.slotBytes());
        cuCtxSynchronize();
    }

    public Shape shape() {
        return shape;
    }

    /** The KV bytes of one pool block (its blockSize slots), for offloading to host memory. */
    public byte[] readBlock(int block) {
        cuCtxSetCurrent(context);
        byte[] out = new byte[(int) (blockSize * shape.slotBytes())];
        cuMemcpyDtoH(Pointer.to(out), kv.withByteOffset((long) block * out.length), out.length);
        return out;
    }

    /** Writes one pool block's KV bytes back (a prefetch from host memory). */
    public void writeBlock(int block, byte[] bytes) {
        cuCtxSetCurrent(context);
        cuMemcpyHtoD(kv.withByteOffset((long) block * bytes.length), Pointer.to(bytes), bytes.length);
    }

    /** Runs the works as one batch and returns the next token of each emitting work, in order. */
    public int[] run(List<Work> works) {
        int emitting = forward(works);
        int[] next = new int[emitting];
        if (emitting == 0) return next;
        launch(fArgmax, emitting, 1, THREADS, scratch.logits, shape.vocab(), scratch.next);
        cuMemcpyDtoH(Pointer.to(next), scratch.next, 4L * emitting);
        return next;
    }

    /** Runs the works as one batch and returns the logits of each emitting work's last position. */
    public int[][] logits(List<Work> works) {
        int emitting = forward(works);
        int v = shape.vocab();
        int[] flat = new int[emitting * v];
        if (emitting > 0) cuMemcpyDtoH(Pointer.to(flat), scratch.logits, 4L * flat.length);
        int[][] out = new int[emitting][];
        for (int e = 0; e < emitting; e++) out[e] = Arrays.copyOfRange(flat, e * v, (e + 1) * v);
        return out;
    }

    /** The forward pass of spec/MODEL.md 5 for every position of the works; logits of emitting ones in scratch. */
    private int forward(List<Work> works) {
        cuCtxSetCurrent(context);
        int tokens = 0, tableLength = 0, emitting = 0;
        for (Work w : works) {
            tokens += w.tokens().length;
            tableLength += w.blockTable().length;
            if (w.emits()) emitting++;
        }
        if (tokens == 0) return 0;
        int[] tok = new int[tokens], pos = new int[tokens], tokTable = new int[tokens];
        int[] tables = new int[Math.max(1, tableLength)], rows = new int[Math.max(1, emitting)];
        int t = 0, off = 0, e = 0;
        for (Work w : works) {
            int needed = (w.start() + w.tokens().length + blockSize - 1) / blockSize;
            if (w.blockTable().length < needed) {
                throw new IllegalArgumentException("block table of " + w.blockTable().length + " blocks cannot hold "
                        + "positions up to " + (w.start() + w.tokens().length));
            }
            System.arraycopy(w.blockTable(), 0, tables, off, w.blockTable().length);
            for (int i = 0; i < w.tokens().length; i++, t++) {
                tok[t] = w.tokens()[i];
                pos[t] = w.start() + i;
                tokTable[t] = off;
            }
            if (w.emits()) rows[e++] = t - 1;
            off += w.blockTable().length;
        }
        Scratch s = scratch;
        s.ensure(tokens, tables.length, Math.max(1, emitting));
        cuMemcpyHtoD(s.tok, Pointer.to(tok), 4L * tokens);
        cuMemcpyHtoD(s.pos, Pointer.to(pos), 4L * tokens);
        cuMemcpyHtoD(s.tokTable, Pointer.to(tokTable), 4L * tokens);
        cuMemcpyHtoD(s.tables, Pointer.to(tables), 4L * tables.length);
        cuMemcpyHtoD(s.rows, Pointer.to(rows), 4L * rows.length);
        int d = shape.dModel(), f = shape.dFf(), hd = shape.headDim();
        long slot = shape.slotBytes();
        launch(fEmbed, STRIDE_GRID, 1, THREADS, s.tok, s.pos, tokens, embedding, shape.vocab(), d, positionKey, s.h);
        for (int l = 0; l < shape.layers(); l++) {
            launch(fRmsnorm, tokens, 1, THREADS, s.h, new CUdeviceptr(), d, s.a);
            gemm(fRequant, s.a, tokens, wQkv[l], 3 * d, d, multD, s.qkv);
            launch(fStoreKv, STRIDE_GRID, 1, THREADS, s.qkv, tokens, s.tables, s.tokTable, s.pos, d, l, blockSize,
                    slot, kv);
            launch(fAttention, tokens, shape.heads(), ATTN_THREADS, s.qkv, kv, s.tables, s.tokTable, s.pos, d, hd, l,
                    blockSize, slot, attnMult, s.att);
            gemm(fResidual, s.att, tokens, wO[l], d, d, multD, s.h);
            launch(fRmsnorm, tokens, 1, THREADS, s.h, new CUdeviceptr(), d, s.a);
            gemm(fRequant, s.a, tokens, wGateUp[l], 2 * f, d, multD, s.gu);
            launch(fReglu, STRIDE_GRID, 1, THREADS, s.gu, tokens, f, s.m);
            gemm(fResidual, s.m, tokens, wDown[l], d, f, multF, s.h);
        }
        if (emitting > 0) {
            launch(fRmsnorm, emitting, 1, THREADS, s.h, s.rows, d, s.f);
            gemm(fRaw, s.f, emitting, output, shape.vocab(), d, 0, s.logits);
        }
        return emitting;
    }

    /** out = W [rows][n] times each of {@code tokens} rows of A; small token tiles for decode-sized launches. */
    private void gemm(CUfunction[] kernel, CUdeviceptr a, int tokens, CUdeviceptr w, int rows, int n, int mult,
                      CUdeviceptr out) {
        boolean small = tokens <= 16;
        int tile = small ? 8 : 64;
        launch(kernel[small ? 0 : 1], (rows + 63) / 64, (tokens + tile - 1) / tile, THREADS, a, tokens, w, rows, n / 4,
                mult, out);
    }

    private void launch(CUfunction f, int gridX, int gridY, int threads, Object... args) {
        Pointer[] p = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object x = args[i];
            if (x instanceof CUdeviceptr ptr) p[i] = Pointer.to(ptr);
            else if (x instanceof Integer n) p[i] = Pointer.to(new int[] {n});
            else if (x instanceof Long n) p[i] = Pointer.to(new long[] {n});
            else throw new IllegalArgumentException("kernel argument of type " + x.getClass());
        }
        cuLaunchKernel(f, gridX, gridY, 1, threads, 1, 1, 0, null, Pointer.to(p), null);
    }

    /** One device buffer holding the given tensors one after another, each generated from its key. */
    private CUdeviceptr generate(long seed, long elements, int... tensors) {
        CUdeviceptr buf = alloc(elements * tensors.length);
        CUfunction gen = function("gen_weights");
        for (int i = 0; i < tensors.length; i++) {
            CUdeviceptr at = buf.withByteOffset(elements * i);
            launch(gen, STRIDE_GRID, 1, THREADS, at, tensorKey(seed, tensors[i]), elements);
        }
        return buf;
    }

    private CUdeviceptr alloc(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        cuMemAlloc(p, Math.max(4, bytes));
        allocations.add(p);
        return p;
    }

    private CUfunction function(String name) {
        CUfunction f = new CUfunction();
        cuModuleGetFunction(f, module, name);
        return f;
    }

    /** The kernels' PTX with the NUL the driver expects after text. */
    static byte[] ptx() {
        try (InputStream in = CudaModel.class.getResourceAsStream("model.ptx")) {
            if (in == null) throw new IllegalStateException("model.ptx is missing from the classpath");
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** key(seed, t) of spec/MODEL.md 3.1. */
    static long tensorKey(long seed, int tensor) {
        return PromptTokens.mix64(PromptTokens.mix64(seed) + (tensor + 1L) * GAMMA);
    }

    /** floor(2^20 / isqrt(n)): M(n) and A(hd) of spec/MODEL.md 4. */
    static int multiplier(int n) {
        int r = (int) Math.sqrt(n);
        while ((long) r * r > n) r--;
        while ((long) (r + 1) * (r + 1) <= n) r++;
        return (1 << 20) / r;
    }

    @Override
    public void close() {
        cuCtxSetCurrent(context);
        scratch.release();
        for (CUdeviceptr p : allocations) cuMemFree(p);
        allocations.clear();
        cuModuleUnload(module);
        cuDevicePrimaryCtxRelease(device);
    }

    /** Per-launch buffers, grown by doubling to the largest batch seen. */
    private final class Scratch {
        CUdeviceptr tok, pos, tokTable, tables, rows, h, a, qkv, att, gu, m, f, logits, next;
        int tokens, tableLength, emitting;

        void ensure(int needTokens, int needTable, int needEmit) {
            int d = shape.dModel(), ff = shape.dFf(), v = shape.vocab();
            if (needTokens > tokens) {
                free(tok, pos, tokTable, h, a, qkv, att, gu, m);
                tokens = Math.max(needTokens, 2 * tokens);
                tok = bytes(4L * tokens);
                pos = bytes(4L * tokens);
                tokTable = bytes(4L * tokens);
                h = bytes(4L * tokens * d);
                a = bytes((long) tokens * d);
                qkv = bytes(3L * tokens * d);
                att = bytes((long) tokens * d);
                gu = bytes(2L * tokens * ff);
                m = bytes((long) tokens * ff);
            }
            if (needTable > tableLength) {
                free(tables);
                tableLength = Math.max(needTable, 2 * tableLength);
                tables = bytes(4L * tableLength);
            }
            if (needEmit > emitting) {
                free(rows, f, logits, next);
                emitting = Math.max(needEmit, 2 * emitting);
                rows = bytes(4L * emitting);
                f = bytes((long) emitting * d);
                logits = bytes(4L * emitting * v);
                next = bytes(4L * emitting);
            }
        }

        private CUdeviceptr bytes(long n) {
            CUdeviceptr p = new CUdeviceptr();
            cuMemAlloc(p, n);
            return p;
        }

        private void free(CUdeviceptr... ps) {
            for (CUdeviceptr p : ps) {
                if (p != null) cuMemFree(p);
            }
        }

        void release() {
            free(tok, pos, tokTable, tables, rows, h, a, qkv, att, gu, m, f, logits, next);
        }
    }
}
