package org.schedproof.conformance.suite;

import org.schedproof.engine.Schedulers;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;

/**
 * How a suite sizes the engine for one workload, relative to the workload itself so that the pressure is the same
 * whatever its lengths: a KV pool of {@code poolSequences} longest sequences (close to the fit limit, so preemption
 * happens), {@code hostSequences} of them in host memory (0: none; ALISE offloads there), a token budget for the
 * chunking formers (a former that admits whole prompts gets at least the longest sequence), a running cap, and the
 * exact model or not (on: SAFE-TOKENS judges every token). Profile a100-llama2-7b, block 16, watermark 2.
 */
public record EngineRecipe(int budget, int poolSequences, int maxRunning, int hostSequences, ModelSpec model) {
    /** Consecutive steps without progress before the engine stops a run (a stuck port gets a verdict quickly). */
    public static final int MAX_STALLED = 64;

    public EngineRecipe {
        if (budget < 1 || poolSequences < 2 || maxRunning < 1 || hostSequences < 0) {
            throw new IllegalArgumentException("engine recipe: budget, pool (>= 2 sequences), running cap must be "
                    + "positive, host >= 0: " + budget + ", " + poolSequences + ", " + maxRunning + ", " + hostSequences);
        }
    }

    /** Pool of three longest sequences, budget 128, 8 running, no host memory, model off: the tight default. */
    public static EngineRecipe tight() {
        return new EngineRecipe(128, 3, 8, 0, ModelSpec.OFF);
    }

    public EngineRecipe withModel(ModelSpec m) {
        return new EngineRecipe(budget, poolSequences, maxRunning, hostSequences, m);
    }

    public EngineRecipe withHost(int sequences) {
        return new EngineRecipe(budget, poolSequences, maxRunning, sequences, model);
    }

    public EngineRecipe withPool(int sequences) {
        return new EngineRecipe(budget, sequences, maxRunning, hostSequences, model);
    }

    public EngineRecipe withMaxRunning(int n) {
        return new EngineRecipe(budget, poolSequences, n, hostSequences, model);
    }

    public EngineRecipe withBudget(int tokens) {
        return new EngineRecipe(tokens, poolSequences, maxRunning, hostSequences, model);
    }

    /** The engine for {@code w} under batch former {@code batching} (null: a standalone policy, chunking). */
    public EngineConfig config(Workload w, String batching) {
        int longestBlocks = (w.longestSequence() + 15) / 16;
        int blocks = Math.max(24, poolSequences * longestBlocks);
        boolean chunked = batching == null || Schedulers.Batching.of(batching).chunked;
        int tau = chunked ? budget : Math.max(budget, w.longestSequence());
        EngineConfig c = EngineConfig.defaults().withBlocks(blocks, 16).withWatermark(2).withTokenBudget(tau)
                .withMaxRunning(maxRunning).withMaxStalled(MAX_STALLED).withModel(model);
        return hostSequences == 0 ? c : c.withHost(hostSequences * longestBlocks, 16);
    }
}
