package org.schedproof.conformance.fuzz.gen;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.schedproof.spec.PromptTokens;

/**
 * One seeded random stream of a case (commons-rng XO_RO_SHI_RO_128_PP), with the few draws the generators use. Each
 * concern of a case draws from its own stream, so that a generator drawing more numbers moves only its own part.
 */
public final class Draw {
    private static final long PHI = 0x9E3779B97F4A7C15L;
    private final UniformRandomProvider rng;

    private Draw(UniformRandomProvider rng) {
        this.rng = rng;
    }

    /** Stream number {@code stream} of the case seeded {@code seed}. */
    public static Draw of(long seed, int stream) {
        long[] state = {PromptTokens.mix64(seed + (2L * stream + 1) * PHI), PromptTokens.mix64(seed + (2L * stream + 2) * PHI)};
        return new Draw(RandomSource.XO_RO_SHI_RO_128_PP.create(state));
    }

    public UniformRandomProvider rng() {
        return rng;
    }

    /** Uniform in [lo, hi], both included. */
    public int between(int lo, int hi) {
        return lo + rng.nextInt(hi - lo + 1);
    }

    public boolean chance(double p) {
        return rng.nextDouble() < p;
    }

    public <T> T pick(List<T> choices) {
        return choices.get(rng.nextInt(choices.size()));
    }

    public int pick(int... choices) {
        return choices[rng.nextInt(choices.length)];
    }

    /** Exponential with the given mean. */
    public double exponential(double mean) {
        return ZigguratSampler.Exponential.of(rng, mean).sample();
    }

    /** Pareto with scale 1 and shape {@code alpha}: heavy-tailed, at least 1. */
    public double pareto(double alpha) {
        return Math.pow(1 - rng.nextDouble(), -1 / alpha);
    }

    /** A fresh prompt segment key. */
    public long key() {
        return rng.nextLong();
    }
}
