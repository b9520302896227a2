package org.schedproof.spec;

import java.util.Objects;

/**
 * The engine's fixed parameters. {@code tokenBudget} caps the tokens of one iteration (Sarathi's tau, vLLM's
 * max_num_batched_tokens); decodes are never refused for budget, so the engine's rule is
 * {@code tokens <= max(tokenBudget, decodes)} (ALGORITHMS.md 4.5.2). {@code maxStalledSteps} bounds how many
 * consecutive iterations may pass without progress while work exists before the run is stopped with a liveness
 * violation: a misbehaving scheduler gets a verdict, never a hang.
 */
public record EngineConfig(int numBlocks, int blockSize, int tokenBudget, int maxRunning, int watermarkBlocks,
                           boolean prefixCaching, CostProfile cost, ModelSpec model, int maxStalledSteps) {
    //@ public invariant numBlocks >= 1 && blockSize >= 1 && tokenBudget >= 1 && maxRunning >= 1;
    //@ public invariant 0 <= watermarkBlocks && watermarkBlocks < numBlocks && maxStalledSteps >= 1;

    public EngineConfig {
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(model, "model");
        if (numBlocks < 1 || blockSize < 1 || tokenBudget < 1 || maxRunning < 1 || maxStalledSteps < 1) {
            throw new IllegalArgumentException("engine sizes must be >= 1: " + this);
        }
        if (watermarkBlocks < 0 || watermarkBlocks >= numBlocks) {
            throw new IllegalArgumentException("watermark must lie in [0, numBlocks): " + watermarkBlocks);
        }
    }

    /** KV blocks of the A100-80GB / Llama-2-7B profile at block size 16 (spec/COST.md). */
    public static final int A100_LLAMA2_7B_BLOCKS = 7609;

    /** KV blocks of the H200-141GB / Llama-2-7B profile at block size 16 (spec/COST.md). */
    public static final int H200_LLAMA2_7B_BLOCKS = 13521;

    /** The engine of a named profile: its cost model and KV blocks, block 16, budget 512, 128 sequences, 1% watermark. */
    public static EngineConfig profile(String name) {
        return switch (name) {
            case "a100-llama2-7b" -> defaults();
            case "h200-llama2-7b" -> new EngineConfig(H200_LLAMA2_7B_BLOCKS, 16, 512, 128, H200_LLAMA2_7B_BLOCKS / 100,
                    true, CostProfile.H200_LLAMA2_7B, ModelSpec.OFF, 10_000);
            default -> throw new IllegalArgumentException("unknown profile '" + name
                    + "'; known: a100-llama2-7b, h200-llama2-7b");
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
                maxStalledSteps);
    }

    public EngineConfig withModel(ModelSpec m) {
        return new EngineConfig(numBlocks, blockSize, tokenBudget, maxRunning, watermarkBlocks, prefixCaching, cost, m,
                maxStalledSteps);
    }

    public EngineConfig withBlocks(int blocks, int size) {
        return new EngineConfig(blocks, size, tokenBudget, maxRunning, Math.min(watermarkBlocks, blocks - 1),
                prefixCaching, cost, model, maxStalledSteps);
    }

    public EngineConfig withPrefixCaching(boolean on) {
        return new EngineConfig(numBlocks, blockSize, tokenBudget, maxRunning, watermarkBlocks, on, cost, model,
                maxStalledSteps);
    }

    public EngineConfig withMaxRunning(int n) {
        return new EngineConfig(numBlocks, blockSize, tokenBudget, n, watermarkBlocks, prefixCaching, cost, model,
                maxStalledSteps);
    }

    public EngineConfig withMaxStalled(int steps) {
        return new EngineConfig(numBlocks, blockSize, tokenBudget, maxRunning, watermarkBlocks, prefixCaching, cost, model,
                steps);
    }

    public EngineConfig withWatermark(int blocks) {
        return new EngineConfig(numBlocks, blockSize, tokenBudget, maxRunning, blocks, prefixCaching, cost, model,
                maxStalledSteps);
    }
}
