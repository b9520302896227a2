package org.schedproof.gpu.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.gpu.sched.IndexedDlpm;
import org.schedproof.gpu.sched.IndexedLpm;
import org.schedproof.spec.CostProfile;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * DIFF-TRACE for the prefix-indexed orderings: FastEngine with {@link IndexedLpm} or {@link IndexedDlpm} writes
 * the reference engine's trace under the reference {@code Lpm} or {@code Dlpm}, byte for byte, with their options
 * rotating (de-duplication thresholds, off; DLPM's quantum, charge and returning-client rule), on the random cases and
 * on crowds sharing deep prefix trees, where the in-batch de-duplication and evictions under waiting requests are busy.
 */
class PrefixIndexDifferentialTest {
    private static final List<Map<String, String>> LPM = List.of(Map.of(),
            Map.of("inbatch-check", "8", "inbatch-min", "4"), Map.of("inbatch-check", "-1"),
            Map.of("inbatch-check", "64", "inbatch-min", "1"));
    private static final List<Map<String, String>> DLPM = List.of(Map.of(),
            Map.of("quantum", "50", "charge", "full-prompt", "on-return", "reset"),
            Map.of("quantum", "7", "on-return", "drop-credit", "inbatch-min", "4"),
            Map.of("quantum", "300", "input-price", "2", "output-price", "0", "inbatch-check", "16"));

    @Test
    void randomCasesUnderEveryOptionSet() {
        Schedulers.Batching[] formers = Schedulers.Batching.values();
        for (long seed = 0; seed < 200; seed++) {
            Schedulers.Batching b = formers[(int) (seed % formers.length)];
            RandomCases c = RandomCases.of(seed, !b.chunked, ModelSpec.OFF);
            both(seed, b, c, (int) (seed / formers.length));
        }
    }

    @Test
    void crowdsSharingDeepPrefixes() {
        Schedulers.Batching[] formers = Schedulers.Batching.values();
        for (long seed = 0; seed < 24; seed++) {
            Schedulers.Batching b = formers[(int) (seed % formers.length)];
            both(seed, b, crowd(seed, !b.chunked), (int) (seed / formers.length));
        }
    }

    @Test
    void onTheReferenceEngineTheyRankAsTheReference() {
        // No reports there: the orderings fall back to the reference's own ranking, so the traces are equal.
        for (long seed = 0; seed < 20; seed++) {
            RandomCases c = RandomCases.of(seed, false, ModelSpec.OFF);
            for (String policy : List.of("lpm", "dlpm")) {
                PolicyOptions o = PolicyOptions.none(policy);
                Ordering indexed = policy.equals("lpm") ? new IndexedLpm(o) : new IndexedDlpm(o);
                assertThat(Traces.reference(c.config(), Schedulers.Batching.of("sarathi").over(indexed), c.requests()))
                        .as("seed " + seed + ", " + policy)
                        .isEqualTo(Traces.reference(c.config(), Schedulers.create(policy, "sarathi"), c.requests()));
            }
        }
    }

    private static void both(long seed, Schedulers.Batching b, RandomCases c, int optionSet) {
        same(seed, "lpm", b, c, LPM.get(optionSet % LPM.size()), IndexedLpm::new);
        same(seed, "dlpm", b, c, DLPM.get(optionSet % DLPM.size()), IndexedDlpm::new);
    }

    private static void same(long seed, String policy, Schedulers.Batching b, RandomCases c, Map<String, String> o,
                             Function<PolicyOptions, Ordering> indexed) {
        String expected = Traces.reference(c.config(), Schedulers.create(policy, b.id, o), c.requests());
        String actual = Traces.fast(c.config(), b.over(indexed.apply(new PolicyOptions(policy, o))), c.requests());
        assertThat(Traces.firstDifference(expected, actual))
                .as("seed " + seed + ", " + policy + "/" + b.id + " " + o).isNull();
    }

    /**
     * 100 to 300 requests in a few bursts, each prompt a path down a tree of shared 12-token segments (3 levels, 2 or 3
     * children each) plus a private tail, block size 4, a pool of a few dozen sequences: the de-duplication finds
     * many in-batch sharers and evictions move waiting requests up the tree.
     */
    static RandomCases crowd(long seed, boolean wholePrompts) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 100 + rng.nextInt(201);
        int blockSize = 4;
        List<Request> requests = new ArrayList<>();
        long t = 0;
        int longest = 0;
        for (int i = 0; i < n; i++) {
            int levels = 1 + rng.nextInt(3);
            long[] keys = new long[levels + 1];
            int[] ends = new int[levels + 1];
            long path = 0;
            for (int l = 0; l < levels; l++) {
                path = path * 3 + rng.nextInt(l == 0 ? 2 : 3);
                keys[l] = 1000L * (l + 1) + path;
                ends[l] = 12 * (l + 1);
            }
            keys[levels] = seed * 1_000_003L + i;
            ends[levels] = ends[levels - 1] + 1 + rng.nextInt(10);
            Request r = new Request(i, "c" + rng.nextInt(5), t, new Prompt(keys, ends), 1 + rng.nextInt(6));
            requests.add(r);
            longest = Math.max(longest, r.promptLength() + r.maxNewTokens());
            t += rng.nextInt(50) == 0 ? rng.nextLong(200_000) : 0;
        }
        int minBlocks = (longest + blockSize - 1) / blockSize;
        int blocks = minBlocks * (2 + rng.nextInt(30));
        int budget = wholePrompts ? longest + rng.nextInt(64) : 8 + rng.nextInt(120);
        var config = new EngineConfig(blocks, blockSize, budget, 2 + rng.nextInt(30), rng.nextInt(2),
                rng.nextInt(8) != 0, CostProfile.A100_LLAMA2_7B, ModelSpec.OFF, 300);
        return new RandomCases(config, requests);
    }
}
