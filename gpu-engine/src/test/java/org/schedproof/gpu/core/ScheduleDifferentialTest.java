package org.schedproof.gpu.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.gpu.sched.IndexedSchedulers;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.sched.Scheduler;

/**
 * DIFF-TRACE: on randomized workloads the optimized engine running the indexed policies (gpu/sched) writes the
 * reference engine's trace, under the reference policies, byte for byte, model off (so on every machine): every
 * registered policy, its batch former and its options rotating with the seed; crowded cases with hundreds waiting so
 * the indexes hold many entries; and a scheduler that sends random, often illegal batches (so every violation
 * message and rejected step is compared too).
 */
class ScheduleDifferentialTest {
    private static final int SEEDS = 200;
    private static final int CROWDED_SEEDS = 4;
    private static final int VTC_SEEDS = 300;

    /** Option sets per policy, one per seed in turn: each ambiguity's non-default values at least once. */
    private static final Map<String, List<Map<String, String>>> OPTIONS = Map.of(
            "vtc", List.of(Map.of(), Map.of("lift", "artifact"),
                    Map.of("admission", "reserve-max-output", "output-charge", "artifact"),
                    Map.of("weights", "c0:3,c2:2", "input-price", "2")),
            "lcf", List.of(Map.of(), Map.of("admission", "reserve-max-output")),
            "ltr", List.of(Map.of(), Map.of("starvation", "on", "threshold", "3", "quantum", "2"),
                    Map.of("starvation", "on", "threshold", "7", "admission", "preempt"), Map.of("tau", "0.2", "seed", "5")),
            "alise", List.of(Map.of(), Map.of("overrun", "double"), Map.of("swap", "recompute", "predictor", "oracle"),
                    Map.of("prefetch-horizon-us", "0", "k", "2")));

    @Test
    void everyRegisteredSchedulerGivesTheReferenceTrace() {
        Schedulers.Batching[] formers = Schedulers.Batching.values();
        for (long seed = 0; seed < SEEDS; seed++) {
            Schedulers.Batching b = formers[(int) (seed % formers.length)]; // each policy: 200 seeds over the formers
            everyPolicy(seed, b, RandomCases.of(seed, !b.chunked, ModelSpec.OFF));
        }
    }

    @Test
    void crowdedQueuesGiveTheReferenceTrace() {
        Schedulers.Batching[] formers = Schedulers.Batching.values();
        for (long seed = 0; seed < CROWDED_SEEDS; seed++) {
            Schedulers.Batching b = formers[(int) (seed % formers.length)];
            everyPolicy(seed, b, RandomCases.crowded(seed, !b.chunked, 200 + 50 * (int) seed));
        }
    }

    /**
     * VTC and LCF (FastVtc: its own queues, counters and heap) with 1 to 1 000 clients, most of them rare so they
     * leave and return (lifts), under random weights, prices and every lift, output charge and admission option.
     */
    @Test
    void vtcWithManyClientsGivesTheReferenceTrace() {
        Schedulers.Batching[] formers = Schedulers.Batching.values();
        for (long seed = 0; seed < VTC_SEEDS; seed++) {
            SplittableRandom rng = new SplittableRandom(seed ^ 0x5EEDL);
            int clients = seed % 5 == 0 ? 1 : 1 + rng.nextInt(rng.nextBoolean() ? 1000 : 40);
            Schedulers.Batching b = formers[(int) (seed % formers.length)];
            RandomCases c = RandomCases.manyClients(seed, !b.chunked, 40 + rng.nextInt(400), clients);
            Map<String, String> o = new TreeMap<>();
            String policy = rng.nextInt(4) == 0 ? "lcf" : "vtc";
            if (policy.equals("vtc")) o.put("lift", List.of("paper", "artifact", "none").get(rng.nextInt(3)));
            if (rng.nextBoolean()) o.put("output-charge", "artifact");
            if (rng.nextBoolean()) o.put("admission", "reserve-max-output");
            if (rng.nextBoolean()) o.put("input-price", Integer.toString(rng.nextInt(4)));
            if (rng.nextBoolean()) o.put("output-price", Integer.toString(rng.nextInt(5)));
            if (rng.nextBoolean()) {
                StringBuilder w = new StringBuilder();
                for (int k = 0; k < Math.min(clients, 6); k++) {
                    int client = k < 3 ? k : rng.nextInt(clients);
                    if (w.indexOf("c" + client + ":") >= 0) continue;
                    w.append(w.length() == 0 ? "" : ",").append("c").append(client).append(':')
                            .append(List.of(1, 2, 3, 4, 6, 12).get(rng.nextInt(6)));
                }
                o.put("weights", w.toString());
            }
            same(seed, policy + "/" + b.id + " " + clients + " clients " + o, c,
                    () -> Schedulers.create(policy, b.id, o), () -> IndexedSchedulers.create(policy, b.id, o));
        }
    }

    @Test
    void aMisbehavingSchedulerGetsTheSameVerdicts() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCases c = RandomCases.of(seed, false, ModelSpec.OFF, 20);
            long s = seed;
            same(seed, "random batches", c, () -> new RandomBatches(s), () -> new RandomBatches(s));
        }
    }

    private static void everyPolicy(long seed, Schedulers.Batching b, RandomCases c) {
        for (Schedulers.Policy p : Schedulers.Policy.values()) {
            List<Map<String, String>> sets = OPTIONS.getOrDefault(p.id, List.of(Map.of()));
            Map<String, String> o = sets.get((int) (seed / 3 % sets.size())); // seed % 3 picks the former
            same(seed, p.id + (p.standalone() ? "" : "/" + b.id) + " " + o, c,
                    () -> Schedulers.create(p.id, b.id, o), () -> IndexedSchedulers.create(p.id, b.id, o));
        }
    }

    private static void same(long seed, String what, RandomCases c, Supplier<Scheduler> reference,
                             Supplier<Scheduler> optimized) {
        String expected = Traces.reference(c.config(), reference.get(), c.requests());
        String actual = Traces.fast(c.config(), optimized.get(), c.requests());
        assertThat(Traces.firstDifference(expected, actual)).as("seed " + seed + ", " + what).isNull();
    }
}
