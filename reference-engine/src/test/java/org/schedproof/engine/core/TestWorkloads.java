package org.schedproof.engine.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/** Small seeded workloads for engine tests: a few clients whose prompts share system-prompt segments. */
final class TestWorkloads {
    private TestWorkloads() {}

    static List<Request> sharedPrefixes(long seed, int n, int maxPrompt, int maxOut, long meanGapUs) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        List<Request> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            int client = rng.nextInt(3);
            int system = 8 + 8 * rng.nextInt(6);
            int rest = 1 + rng.nextInt(Math.max(1, maxPrompt - system));
            Prompt p = new Prompt(new long[] {1000 + client, seed * 1_000_003L + i}, new int[] {system, system + rest});
            out.add(new Request(i, "c" + client, t, p, 1 + rng.nextInt(maxOut)));
            t += rng.nextLong(2 * meanGapUs + 1);
        }
        return out;
    }
}
