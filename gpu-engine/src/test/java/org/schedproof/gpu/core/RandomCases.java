package org.schedproof.gpu.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.schedproof.spec.CostProfile;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * Small seeded situations that reach every engine path: shared system prompts and conversation prefixes (cache hits,
 * LRU eviction), pools a few sequences deep (preemption), host memory now and then (offload, prefetch), budgets below and above the prompts (chunking).
 */
record RandomCases(EngineConfig config, List<Request> requests) {
    static RandomCases of(long seed, boolean wholePrompts, ModelSpec model) {
        return of(seed, wholePrompts, model, 300);
    }

    /** {@code maxStalled}: how long a scheduler may make no progress before the run ends (spec EngineConfig). */
    static RandomCases of(long seed, boolean wholePrompts, ModelSpec model, int maxStalled) {
        SplittableRandom rng = new SplittableRandom(seed);
        return of(seed, rng, wholePrompts, model, maxStalled, 5 + rng.nextInt(30),
                r -> r.nextInt(4) == 0 ? 0 : r.nextLong(40_000));
    }

    /** {@code n} requests arriving in bursts (one in 40 after a gap), so hundreds wait at once: indexes fill up. */
    static RandomCases crowded(long seed, boolean wholePrompts, int n) {
        return of(seed, new SplittableRandom(seed), wholePrompts, ModelSpec.OFF, 300, n,
                r -> r.nextInt(40) == 0 ? r.nextLong(400_000) : 0);
    }

    /**
     * {@code n} requests from {@code clients} clients (a few of them busy, most rare, so clients keep leaving and
     * returning), arriving in bursts as in {@link #crowded}.
     */
    static RandomCases manyClients(long seed, boolean wholePrompts, int n, int clients) {
        SplittableRandom rng = new SplittableRandom(seed);
        return of(seed, rng, wholePrompts, ModelSpec.OFF, 300, n, r -> r.nextInt(20) == 0 ? r.nextLong(200_000) : 0,
                r -> r.nextBoolean() ? r.nextInt(Math.min(clients, 4)) : r.nextInt(clients));
    }

    private static RandomCases of(long seed, SplittableRandom rng, boolean wholePrompts, ModelSpec model,
                                  int maxStalled, int n, ToLongFunction<SplittableRandom> gap) {
        return of(seed, rng, wholePrompts, model, maxStalled, n, gap, r -> r.nextInt(4));
    }

    /** {@code gap}: microseconds from one arrival to the next; {@code client}: the next request's client. */
    private static RandomCases of(long seed, SplittableRandom rng, boolean wholePrompts, ModelSpec model,
                                  int maxStalled, int n, ToLongFunction<SplittableRandom> gap,
                                  ToIntFunction<SplittableRandom> pick) {
        int blockSize = 1 << (2 + rng.nextInt(3)); // 4, 8 or 16
        List<Request> requests = new ArrayList<>();
        long t = 0;
        int longest = 0;
        for (int i = 0; i < n; i++) {
            int client = pick.applyAsInt(rng);
            int system = 1 + rng.nextInt(3 * blockSize);
            int rest = 1 + rng.nextInt(60);
            int turn = rng.nextInt(3); // a later turn repeats an earlier one's prompt as its prefix
            long[] keys = {100 + client, 1000 + client * 10L + turn, seed * 1_000_003L + i};
            int[] ends = {system, system + rest * turn / 2 + 1, system + rest * turn / 2 + 1 + rest};
            Request r = new Request(i, "c" + client, t, new Prompt(keys, ends), 1 + rng.nextInt(24));
            requests.add(r);
            longest = Math.max(longest, r.promptLength() + r.maxNewTokens());
            t += gap.applyAsLong(rng);
        }
        int minBlocks = (longest + blockSize - 1) / blockSize;
        int watermark = rng.nextInt(3);
        int blocks = minBlocks + watermark + 1 + rng.nextInt(3 * minBlocks);
        int budget = wholePrompts ? longest + rng.nextInt(64) : 1 + rng.nextInt(2 * longest);
        var config = new EngineConfig(blocks, blockSize, budget, 1 + rng.nextInt(12), watermark,
                rng.nextInt(5) != 0, CostProfile.A100_LLAMA2_7B, model, maxStalled);
        if (rng.nextInt(3) == 0) config = config.withHost(rng.nextInt(4 * blocks), rng.nextBoolean() ? 16 : 8);
        return new RandomCases(config, requests);
    }
}
