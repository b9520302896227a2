package org.schedproof.spec;

/**
 * The iteration cost model (DESIGN.md section 2, spec/COST.md): an iteration lasts
 * {@code ceil((base + prefillToken·P + decodeToken·D + decodeKv·K + prefillPair·A) / 10^6)} microseconds, where P and
 * D count the tokens of prefill and decode slices, K the KV positions the decodes attend to, and A the
 * (query, key) pairs of the prefill chunks' causal attention. All coefficients are integer picoseconds.
 */
public record CostProfile(String name, long basePs, long prefillTokenPs, long decodeTokenPs, long decodeKvPs,
                          long prefillPairPs) {
    //@ public invariant basePs > 0 && prefillTokenPs >= 0 && decodeTokenPs >= 0 && decodeKvPs >= 0 && prefillPairPs >= 0;

    public CostProfile {
        if (basePs <= 0 || prefillTokenPs < 0 || decodeTokenPs < 0 || decodeKvPs < 0 || prefillPairPs < 0) {
            throw new IllegalArgumentException("cost profile " + name + ": coefficients must be >= 0 and base > 0");
        }
    }

    /** A100-SXM4-80GB serving Llama-2-7B in fp16; the derivation is in spec/COST.md. */
    public static final CostProfile A100_LLAMA2_7B =
            new CostProfile("a100-llama2-7b", 6_609_530_000L, 71_992_000L, 71_992_000L, 257_130L, 2_801L);

    /** H200-SXM-141GB serving Llama-2-7B in fp16; the derivation is in spec/COST.md. */
    public static final CostProfile H200_LLAMA2_7B =
            new CostProfile("h200-llama2-7b", 2_807_673_000L, 22_711_000L, 22_711_000L, 109_227L, 884L);

    /** A100-PCIe-80GB serving Mistral-7B-v0.1 in fp16 (Sarathi-Serve's headline setting); spec/COST.md. */
    public static final CostProfile A100_MISTRAL_7B =
            new CostProfile("a100-mistral-7b", 7_484_994_000L, 77_369_000L, 77_369_000L, 67_737L, 2_801L);

    /** Duration in microseconds of an iteration with the given totals (never less than 1). */
    //@ requires prefillTokens >= 0 && decodeTokens >= 0 && decodeKv >= 0 && prefillPairs >= 0;
    //@ ensures \result >= 1;
    public long durationUs(long prefillTokens, long decodeTokens, long decodeKv, long prefillPairs) {
        long ps = basePs + prefillTokens * prefillTokenPs + decodeTokens * decodeTokenPs + decodeKv * decodeKvPs
                + prefillPairs * prefillPairPs;
        return Math.max(1, (ps + 999_999) / 1_000_000);
    }

    /** Causal (query, key) pairs of a chunk covering positions [start, start + length). */
    public static long causalPairs(int start, int length) {
        return (long) length * start + (long) length * (length + 1) / 2;
    }
}
