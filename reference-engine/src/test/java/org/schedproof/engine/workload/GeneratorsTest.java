package org.schedproof.engine.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.schedproof.engine.workload.gen.Generator;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/** Seeded generators: the same seed gives the same workload; counts, clients and prefix structure as asked. */
class GeneratorsTest {
    private static final long[] SEEDS = {0, 1, 7, 42, -3, 123456789L};

    @ParameterizedTest(name = "gen:{0}")
    @ValueSource(strings = {"poisson", "bursty", "onoff", "skewed", "system-prompt", "multiturn"})
    void sameSeedSameDigestDifferentSeedDifferentDigest(String generator) {
        for (long seed : SEEDS) {
            String address = "gen:" + generator + "?requests=300&seed=" + seed;
            Workload a = Workloads.load(address);
            Workload b = Workloads.load(address);
            assertThat(b.digest()).as("seed %d", seed).isEqualTo(a.digest());
            assertThat(b.requests()).as("seed %d", seed).isEqualTo(a.requests());
            Workload c = Workloads.load("gen:" + generator + "?requests=300&seed=" + (seed + 1));
            assertThat(c.digest()).as("seed %d vs %d", seed, seed + 1).isNotEqualTo(a.digest());
            assertThat(a.size()).as("seed %d", seed).isEqualTo(300);
            RealTracesTest.assertSortedAndNumbered(a);
        }
    }

    @Test
    void everyRegisteredGeneratorIsCovered() {
        assertThat(Generator.names()).containsExactly("poisson", "bursty", "onoff", "skewed", "system-prompt", "multiturn");
    }

    @Test
    void requestedCountsAndClientsAreHonored() {
        for (long seed : SEEDS) {
            Workload w = Workloads.load("gen:poisson?requests=500&qps=5&clients=4&seed=" + seed);
            assertThat(w.size()).as("seed %d", seed).isEqualTo(500);
            assertThat(w.requests().stream().map(Request::client).distinct().sorted())
                    .as("seed %d", seed).containsExactly("client-0", "client-1", "client-2", "client-3");
            double seconds = w.requests().get(499).arrivalUs() / 1e6;
            assertThat(499 / seconds).as("seed %d: rate", seed).isBetween(4.0, 6.0);
            for (Request r : w.requests()) {
                assertThat(r.promptLength()).as("seed %d", seed).isBetween(32, 1024);
                assertThat(r.maxNewTokens()).as("seed %d", seed).isBetween(16, 256);
            }
        }
        assertThat(Workloads.load("gen:poisson?requests=7&input=100&output=3").requests())
                .allSatisfy(r -> {
                    assertThat(r.promptLength()).isEqualTo(100);
                    assertThat(r.maxNewTokens()).isEqualTo(3);
                    assertThat(r.client()).isEqualTo(Clients.SINGLE);
                });
        assertThat(Workloads.load("gen:multiturn?requests=1").size()).isEqualTo(1);
        assertThat(Workloads.load("gen:multiturn?requests=0").size()).isZero();
    }

    @Test
    void skewedLoadFavoursTheFirstClients() {
        for (long seed : SEEDS) {
            Workload w = Workloads.load("gen:skewed?requests=5000&seed=" + seed);
            Map<String, Long> perClient = w.requests().stream()
                    .collect(Collectors.groupingBy(Request::client, Collectors.counting()));
            assertThat(perClient.keySet()).as("seed %d", seed).allMatch(c -> c.matches("client-([0-9]|[1-5][0-9]|6[0-3])"));
            assertThat(perClient.get("client-0")).as("seed %d", seed).isGreaterThan(perClient.getOrDefault("client-9", 0L) * 5);
            assertThat(perClient.size()).as("seed %d", seed).isGreaterThan(40);
        }
    }

    @Test
    void changingTheRateMovesArrivalsButKeepsLengthsAndClients() {
        Workload slow = Workloads.load("gen:poisson?requests=200&clients=5&qps=1&seed=9");
        Workload fast = Workloads.load("gen:poisson?requests=200&clients=5&qps=50&seed=9");
        assertThat(fast.requests().get(199).arrivalUs()).isLessThan(slow.requests().get(199).arrivalUs() / 10);
        for (int i = 0; i < 200; i++) {
            assertThat(fast.requests().get(i).promptLength()).isEqualTo(slow.requests().get(i).promptLength());
            assertThat(fast.requests().get(i).client()).isEqualTo(slow.requests().get(i).client());
        }
    }

    @Test
    void burstyArrivalsAreMoreVariableThanPoisson() {
        for (long seed : SEEDS) {
            assertThat(gapCv(Workloads.load("gen:bursty?requests=4000&seed=" + seed))).as("seed %d", seed).isGreaterThan(2.5);
            assertThat(gapCv(Workloads.load("gen:poisson?requests=4000&seed=" + seed))).as("seed %d", seed)
                    .isBetween(0.9, 1.1);
        }
    }

    @Test
    void onOffArrivalsFallSilentDuringOffPhases() {
        for (long seed : SEEDS) {
            Workload w = Workloads.load("gen:onoff?requests=1000&qps=20&on=2&off=3&seed=" + seed);
            for (Request r : w.requests()) {
                assertThat(r.arrivalUs() % 5_000_000).as("seed %d, request %d", seed, r.id()).isLessThan(2_000_000);
            }
            assertThat(w.requests().get(999).arrivalUs()).as("seed %d", seed).isGreaterThan(100_000_000L);
        }
    }

    @Test
    void systemPromptsAreSharedWithinAClientOnly() {
        for (long seed : SEEDS) {
            Workload w = Workloads.load("gen:system-prompt?requests=400&clients=5&system=300&seed=" + seed);
            Map<String, Long> systemKey = new HashMap<>();
            for (Request r : w.requests()) {
                Prompt p = r.prompt();
                assertThat(p.ends()[0]).as("seed %d", seed).isEqualTo(300);
                Long previous = systemKey.putIfAbsent(r.client(), p.keys()[0]);
                if (previous != null) {
                    assertThat(p.keys()[0]).as("seed %d, request %d", seed, r.id()).isEqualTo(previous);
                }
            }
            assertThat(systemKey.values().stream().distinct()).as("seed %d", seed).hasSize(5);
            Request a = w.requests().get(0);
            Request b = w.requests().stream().filter(r -> r.client().equals(a.client()) && r.id() != a.id())
                    .findFirst().orElseThrow();
            assertThat(b.prompt().tokens(0, 300)).as("seed %d", seed).isEqualTo(a.prompt().tokens(0, 300));
            assertThat(b.prompt().keys()[1]).as("seed %d", seed).isNotEqualTo(a.prompt().keys()[1]);
        }
    }

    @Test
    void multiTurnPromptsExtendThePreviousTurn() {
        for (long seed : SEEDS) {
            Workload w = Workloads.load("gen:multiturn?requests=600&clients=3&system=64&seed=" + seed);
            // A turn's predecessor is the request whose segments are exactly its own minus the last two.
            Map<List<Long>, Request> byKeys = new HashMap<>();
            for (Request r : w.requests()) {
                byKeys.put(Arrays.stream(r.prompt().keys()).boxed().toList(), r);
            }
            int followUps = 0;
            for (Request r : w.requests()) {
                long[] keys = r.prompt().keys();
                int[] ends = r.prompt().ends();
                assertThat(keys[0]).as("seed %d", seed).isEqualTo(PromptKeys.key(PromptKeys.SYSTEM_PROMPT,
                        Integer.parseInt(r.client().substring("client-".length()))));
                if (keys.length == 2) {
                    continue; // a first turn: system prompt + question
                }
                followUps++;
                Request prev = byKeys.get(Arrays.stream(keys, 0, keys.length - 2).boxed().toList());
                assertThat(prev).as("seed %d: request %d has a previous turn", seed, r.id()).isNotNull();
                assertThat(Arrays.copyOf(ends, ends.length - 2)).as("seed %d", seed).isEqualTo(prev.prompt().ends());
                assertThat(prev.client()).as("seed %d", seed).isEqualTo(r.client());
                assertThat(r.arrivalUs()).as("seed %d", seed).isGreaterThanOrEqualTo(prev.arrivalUs());
                // the answer segment is as long as the previous turn's output
                assertThat(ends[ends.length - 2] - prev.promptLength()).as("seed %d", seed).isEqualTo(prev.maxNewTokens());
                assertThat(r.prompt().tokens(0, prev.promptLength())).as("seed %d", seed)
                        .isEqualTo(prev.prompt().tokens(0, prev.promptLength()));
                assertThat(r.promptLength() + r.maxNewTokens()).as("seed %d", seed).isLessThanOrEqualTo(16384);
            }
            assertThat(followUps).as("seed %d", seed).isGreaterThan(250);
        }
    }

    @Test
    void lengthsCanComeFromARealLengthsFile() {
        Workload real = Workloads.load("builtin:sharegpt");
        var pairs = real.requests().stream().map(r -> r.promptLength() + "/" + r.maxNewTokens())
                .collect(Collectors.toSet());
        for (long seed : SEEDS) {
            Workload w = Workloads.load("gen:poisson?requests=300&lengths=builtin:sharegpt&seed=" + seed);
            assertThat(w.requests()).as("seed %d", seed)
                    .allMatch(r -> pairs.contains(r.promptLength() + "/" + r.maxNewTokens()));
        }
        Workload fromAzure = Workloads.load("gen:poisson?requests=50&lengths=builtin:azure-code");
        assertThat(fromAzure.size()).isEqualTo(50);
    }

    @Test
    void limitOnAGeneratorKeepsTheFirstArrivals() {
        Workload all = Workloads.load("gen:multiturn?requests=200&seed=5");
        Workload first = Workloads.load("gen:multiturn?requests=200&seed=5", 50);
        assertThat(first.digest()).isEqualTo(all.limit(50).digest());
        assertThat(first.name()).isEqualTo("gen:multiturn?requests=200&seed=5&limit=50");
    }

    private static double gapCv(Workload w) {
        double[] gaps = new double[w.size() - 1];
        for (int i = 1; i < w.size(); i++) {
            gaps[i - 1] = w.requests().get(i).arrivalUs() - w.requests().get(i - 1).arrivalUs();
        }
        double mean = Arrays.stream(gaps).average().orElseThrow();
        double var = Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).sum() / gaps.length;
        return Math.sqrt(var) / mean;
    }
}
