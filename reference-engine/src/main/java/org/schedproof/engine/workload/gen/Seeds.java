package org.schedproof.engine.workload.gen;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.schedproof.spec.PromptTokens;

/**
 * One independent random stream per concern, all from the workload's seed, so that changing one option (say qps)
 * moves the arrivals but not the lengths or the clients. A stream is XO_RO_SHI_RO_128_PP with the native seed
 * {mix64(seed + (2s+1)·φ), mix64(seed + (2s+2)·φ)} for stream number s (spec/WORKLOAD.md, "Randomness").
 */
public enum Seeds {
    ARRIVALS,
    LENGTHS,
    CLIENTS,
    CONVERSATIONS;

    private static final long PHI = 0x9E3779B97F4A7C15L;

    public UniformRandomProvider rng(long seed) {
        long s = ordinal();
        long[] state = {PromptTokens.mix64(seed + (2 * s + 1) * PHI), PromptTokens.mix64(seed + (2 * s + 2) * PHI)};
        return RandomSource.XO_RO_SHI_RO_128_PP.create(state);
    }
}
