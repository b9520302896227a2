package org.schedproof.cli;

import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
import picocli.CommandLine.Option;

/** The engine's shape and the workload's size: the options every command that simulates shares. */
final class EngineOptions {
    @Option(names = "--limit", paramLabel = "N", description = "Take only the first N requests of the workload.")
    Integer limit;

    @Option(names = "--budget", paramLabel = "TOKENS",
            description = "Token budget per iteration (Sarathi's tau, vLLM's max_num_batched_tokens). Default: 512; "
                    + "for prefill-first and orca the longest sequence of the workload, at least 4096.")
    Integer budget;

    @Option(names = "--blocks", description = "KV blocks (default: the profile's, 7609 for a100-llama2-7b).")
    Integer blocks;

    @Option(names = "--block-size", defaultValue = "16", description = "Positions per KV block. Default: ${DEFAULT-VALUE}.")
    int blockSize;

    @Option(names = "--max-running", defaultValue = "128", description = "Most running sequences. Default: ${DEFAULT-VALUE}.")
    int maxRunning;

    @Option(names = "--no-prefix-cache", description = "Disable the radix prefix cache.")
    boolean noPrefixCache;

    @Option(names = "--host-blocks", defaultValue = "0", paramLabel = "N",
            description = "Host-memory KV blocks that offloaded requests may use (ALISE offloads there; 0: none, "
                    + "offloading is impossible). Default: ${DEFAULT-VALUE}.")
    int hostBlocks;

    @Option(names = "--host-kv-bits", defaultValue = "16", paramLabel = "BITS",
            description = "Precision of offloaded KV (8 halves its host footprint and transfer). Default: ${DEFAULT-VALUE}.")
    int hostKvBits;

    @Option(names = "--model", defaultValue = "off", paramLabel = "SHAPE@SEED",
            description = "Compute tokens with the exact-integer model (e.g. tiny@1), or 'off' (lengths only). "
                    + "Default: ${DEFAULT-VALUE}.")
    String model;

    Workload load(String address) {
        return limit == null ? Workloads.load(address) : Workloads.load(address, limit);
    }

    /** The engine for {@code w} under a profile and batch former; refuses a workload that could never run. */
    EngineConfig config(Workload w, String profile, String batching) {
        EngineConfig c = EngineConfig.profile(profile);
        if (blocks != null) c = c.withBlocks(blocks, blockSize).withWatermark(blocks / 100);
        else if (blockSize != c.blockSize()) c = c.withBlocks(c.numBlocks() * c.blockSize() / blockSize, blockSize);
        Schedulers.Batching former = Schedulers.Batching.of(batching);
        int tau = budget != null ? budget : former.defaultBudget(w.longestSequence());
        c = c.withTokenBudget(tau).withMaxRunning(maxRunning).withPrefixCaching(!noPrefixCache).withModel(parseModel(model));
        if (hostBlocks > 0) c = c.withHost(hostBlocks, hostKvBits);
        Engine.checkFits(c, w.requests());
        if (!former.chunked && w.longestSequence() > c.tokenBudget()) {
            throw new IllegalArgumentException(batching + " admits whole sequences, and the longest here has "
                    + w.longestSequence() + " tokens, more than --budget " + c.tokenBudget()
                    + "; it could never be admitted (vLLM requires max_num_batched_tokens >= max_model_len)");
        }
        return c;
    }

    static ModelSpec parseModel(String s) {
        if (s.equals("off")) return ModelSpec.OFF;
        int at = s.indexOf('@');
        if (at < 0) return new ModelSpec(s, 1);
        try {
            return new ModelSpec(s.substring(0, at), Long.parseLong(s.substring(at + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--model: expected SHAPE@SEED such as tiny@1, got '" + s + "'");
        }
    }
}
