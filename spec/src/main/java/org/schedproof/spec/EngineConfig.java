package org.schedproof.spec;

import java.util.Objects;

/**
 * The engine's fixed parameters. {@code tokenBudget} caps the tokens of one iteration (Sarathi's tau, vLLM's
 * max_num_batched_tokens); decodes are never refused for budget, so the engine's rule is
 * {@code tokens <= max(tokenBudget, decodes)} (ALGORITHMS.md 4.5.2). {@code maxStalledSteps} bounds how many
 * consecutive iterations may pass without progress while work exists before the run is stopped with a liveness
 * violation: a misbehaving scheduler gets a verdict, never a hang. {@code host} is the host-memory tier that
 * offloaded KV goes to ({@link HostMemory#NONE} by default: no host memory, no offloading).
 */
public record EngineConfig(int numBlocks, int blockSize, int tokenBudget, int maxRunning, int watermarkBlocks,
                           boolean prefixCaching, CostProfile cost, ModelSpec model, int maxStalledSteps,
                           HostMemory host) {
    //@ public invariant numBlocks >= 1 && blockSize >= 1 && tokenBudget >= 1 && maxRunning >= 1;
    //@ public invariant 0 <= watermarkBlocks && watermarkBlocks < numBlocks && maxStalledSteps >= 1;

    public EngineConfig {
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(host, "host");
        // One spelling of "no host memory", so a config survives a trace round trip unchanged.
        if (host.blocks() == 0) host = HostMemory.NONE;
        Objects.requireNonNull(model, "model");
        if (numBlocks < 1 || blockSize < 1 || tokenBudget < 1 || maxRunning < 1 || maxStalledSteps < 1) {
            throw new IllegalArgumentException("engine sizes must be >= 1: " + this);
        }
        if (watermarkBlocks < 0 || watermarkBlocks >= numBlocks) {
            throw new IllegalArgumentException("watermark must lie in [0, numBlocks): " + watermarkBlocks);
        }
    }

    /** An engine without host memory (the configuration of every trace before offloading existed). */
    public EngineConfig(int numBlocks, int blockSize, int tokenBudget, int maxRunning, int watermarkBlocks,
                        boolean prefixCaching, CostProfile cost, ModelSpec model, int maxStalledSteps) {
        this(numBlocks, blockSize, tokenBudget, maxRunning, watermarkBlocks, prefixCaching, cost, model,
                maxStalledSteps, HostMemory.NONE);
    }

    /**
     * The host-memory tier for offloaded KV: {@code blocks} of capacity, each holding {@code blockSize} positions at
     * full (16-bit) precision; KV is held there at {@code kvBits} bits per value, so {@code b} GPU blocks take
     * {@link #footprint(int) ceil(b * kvBits / 16)} host blocks and move in that many block transfers of
     * {@code transferBlockPs} picoseconds each, in either direction. Quantization is modelled in this accounting and
     * in the transfer time only: the exact model keeps full KV values (MODEL.md section 11).
     */
    public record HostMemory(int blocks, int kvBits, long transferBlockPs) {
        //@ public invariant blocks >= 0 && 1 <= kvBits && kvBits <= 16 && transferBlockPs >= 0;

        /** No host memory: offloading is impossible and nothing of it appears in a trace. */
        public static final HostMemory NONE = new HostMemory(0, 16, 0);

        /**
         * One 16-position fp16 block of Llama-2-7B KV (2 x 32 layers x 4096 x 2 bytes x 16 = 8 MiB) over PCIe 4.0 x16
         * at 25 GB/s (the A100's host link): 8,388,608 B / 25e9 B/s = 335.54 us.
         */
        public static final long PCIE4_LLAMA2_7B_BLOCK_PS = 335_544_320L;

        /** The same block over PCIe 5.0 x16 at 50 GB/s (the H200's host link): 167.77 us. */
        public static final long PCIE5_LLAMA2_7B_BLOCK_PS = 167_772_160L;

        /**
         * One 16-position fp16 block of Mistral-7B KV (grouped-query attention, 8 KV heads: 2 x 32 layers x 1024 x
         * 2 bytes x 16 = 2 MiB) over PCIe 4.0 x16 at 25 GB/s: 83.89 us.
         */
        public static final long PCIE4_MISTRAL_7B_BLOCK_PS = 83_886_080L;

        public HostMemory {
            if (blocks < 0 || kvBits < 1 || kvBits > 16 || transferBlockPs < 0) {
                throw new IllegalArgumentException("host memory: blocks must be >= 0, kvBits in [1, 16], transfer >= 0: "
                        + blocks + ", " + kvBits + ", " + transferBlockPs);
            }
        }

        /** Host blocks that {@code gpuBlocks} full-precision blocks take at {@code kvBits}. */
        //@ requires gpuBlocks >= 0;
        //@ ensures \result == (gpuBlocks * kvBits + 15) / 16;
        public int footprint(int gpuBlocks) {
            return (int) (((long) gpuBlocks * kvBits + 15) / 16);
        }
    }

    /** KV blocks of the A100-80GB / Llama-2-7B profile at block size 16 (spec/COST.md). */
    public static final int A100_LLAMA2_7B_BLOCKS = 7609;

    /** KV blocks of the H200-141GB / Llama-2-7B profile at block size 16 (spec/COST.md). */
    public static final int H200_LLAMA2_7B_BLOCKS = 13521;

    /** KV blocks of the A100-80GB / Mistral-7B profile at block size 16 (spec/COST.md). */
    public static final int A100_MISTRAL_7B_BLOCKS = 29957;

    /** The engine of a named profile: its cost model and KV blocks, block 16, budget 512, 128 sequences, 1% watermark. */
    public static EngineConfig profile(String name) {
        return switch (name) {
            case "a100-llama2-7b" -> defaults();
            case "h200-llama2-7b" -> new EngineConfig(H200_LLAMA2_7B_BLOCKS, 16, 512, 128, H200_LLAMA2_7B_BLOCKS / 100,
                    true, CostProfile.H200_LLAMA2_7B, ModelSpec.OFF, 10_000);
            case "a100-mistral-7b" -> new EngineConfig(A100_MISTRAL_7B_BLOCKS, 16, 512, 128,
                    A100_MISTRAL_7B_BLOCKS / 100, true, CostProfile.A100_MISTRAL_7B, ModelSpec.OFF, 10_000);
            default -> throw new IllegalArgumentException("unknown profile '" + name
                    + "'; known: a100-llama2-7b, h200-llama2-7b, a100-mistral-7b");
        };
    }

    /** The most positions one request may reach and still be served alone: its blocks must fit above the watermark. */
    public long maxSequence() {
        return (long) (numBlocks - watermarkBlocks) * blockSize;
    }

    /** The default engine: A100 / Llama-2-7B, block 16, budget 512, 128 sequences, 1% watermark, model off. */
    public static EngineConfig defaults() {
        return new EngineConfig(A100_LLAMA2_7B_BLOCKS, 16, 512, 128, A100_LLAMA2_7B_BLOCKS / 100, true,
                CostProfile.A100_LLAMA2_7B, ModelSpec.OFF, 10_000);
    }

    public EngineConfig withTokenBudget(int budget) {
        return new EngineConfig(numBlocks, blockSize, budget, maxRunning, watermarkBlocks, prefixCaching, cost, model,
                maxStalledSteps, host);
    }

    public EngineConfig withModel(ModelSpec m) {
        return new EngineConfig(numBlocks, blockSize, tokenBudget, maxRunning, watermarkBlocks, prefixCaching, cost, m,
                maxStalledSteps, host);
    }

    public EngineConfig withBlocks(int blocks, int size) {
        return new EngineConfig(blocks, size, tokenBudget, maxRunning, Math.min(watermarkBlocks, blocks - 1),
                prefixCaching, cost, model, maxStalledSteps, host);
    }

    public EngineConfig withPrefixCaching(boolean on) {
        return new EngineConfig(numBlocks, blockSize, tokenBudget, maxRunning, watermarkBlocks, on, cost, model,
                maxStalledSteps, host);
    }

    public EngineConfig withMaxRunning(int n) {
        return new EngineConfig(numBlocks, blockSize, tokenBudget, n, watermarkBlocks, prefixCaching, cost, model,
                maxStalledSteps, host);
    }

    public EngineConfig withMaxStalled(int steps) {
        return new EngineConfig(numBlocks, blockSize, tokenBudget, maxRunning, watermarkBlocks, prefixCaching, cost, model,
                steps, host);
    }

    /**
     * With {@code blocks} of host memory holding KV at {@code kvBits} (16 = unquantized, 8 = half the blocks), over
     * the host link of this engine's cost profile: PCIe 5.0 for {@code h200-llama2-7b}, PCIe 4.0 otherwise (with
     * Mistral-7B's smaller blocks for {@code a100-mistral-7b}).
     */
    public EngineConfig withHost(int blocks, int kvBits) {
        long link = cost.name().equals(CostProfile.H200_LLAMA2_7B.name()) ? HostMemory.PCIE5_LLAMA2_7B_BLOCK_PS
                : cost.name().equals(CostProfile.A100_MISTRAL_7B.name()) ? HostMemory.PCIE4_MISTRAL_7B_BLOCK_PS
                : HostMemory.PCIE4_LLAMA2_7B_BLOCK_PS;
        return withHost(new HostMemory(blocks, kvBits, link));
    }

    public EngineConfig withHost(HostMemory h) {
        return new EngineConfig(numBlocks, blockSize, tokenBudget, maxRunning, watermarkBlocks, prefixCaching, cost, model,
                maxStalledSteps, h);
    }

    public EngineConfig withWatermark(int blocks) {
        return new EngineConfig(numBlocks, blockSize, tokenBudget, maxRunning, blocks, prefixCaching, cost, model,
                maxStalledSteps, host);
    }
}
