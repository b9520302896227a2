package org.schedproof.gpu.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.sched.Scheduler;

/**
 * DIFF-SCHEDULE: on randomized workloads the optimized engine writes the reference engine's trace byte for byte,
 * model off (so on every machine), for every registered policy (its batch former rotating with the seed), and for a
 * scheduler that sends random, often illegal batches (so every violation message and rejected step is compared too).
 */
class ScheduleDifferentialTest {
    private static final int SEEDS = 200;

    @Test
    void everyRegisteredSchedulerGivesTheReferenceTrace() {
        Schedulers.Batching[] formers = Schedulers.Batching.values();
        for (long seed = 0; seed < SEEDS; seed++) {
            Schedulers.Batching b = formers[(int) (seed % formers.length)]; // each policy: 200 seeds over the formers
            RandomCases c = RandomCases.of(seed, !b.chunked, ModelSpec.OFF);
            for (Schedulers.Policy p : Schedulers.Policy.values()) {
                same(seed, p.id + (p.standalone() ? "" : "/" + b.id), c, () -> Schedulers.create(p.id, b.id));
            }
        }
    }

    @Test
    void aMisbehavingSchedulerGetsTheSameVerdicts() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCases c = RandomCases.of(seed, false, ModelSpec.OFF, 20);
            long s = seed;
            same(seed, "random batches", c, () -> new RandomBatches(s));
        }
    }

    private static void same(long seed, String what, RandomCases c, Supplier<Scheduler> scheduler) {
        String expected = Traces.reference(c.config(), scheduler.get(), c.requests());
        String actual = Traces.fast(c.config(), scheduler.get(), c.requests());
        assertThat(Traces.firstDifference(expected, actual)).as("seed " + seed + ", " + what).isNull();
    }
}
