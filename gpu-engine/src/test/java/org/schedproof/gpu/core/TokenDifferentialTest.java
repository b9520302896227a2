package org.schedproof.gpu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.gpu.cuda.CudaDevice;
import org.schedproof.spec.ModelSpec;

/**
 * DIFF-TOKENS: with the model on, the optimized engine (model on the GPU, one launch per iteration) writes the
 * reference's trace byte for byte, emitted tokens included, through chunking, prefix hits, eviction and preemption.
 */
class TokenDifferentialTest {
    private static final int SEEDS = 40;

    @BeforeEach
    void needsDevice() {
        assumeTrue(CudaDevice.available(), CudaDevice::unavailableReason);
    }

    @Test
    void everyFormerGivesTheReferenceTokens() {
        for (long seed = 0; seed < SEEDS; seed++) {
            for (Schedulers.Batching b : Schedulers.Batching.values()) {
                RandomCases c = RandomCases.of(seed, !b.chunked, ModelSpec.tiny(seed));
                String expected = Traces.reference(c.config(), Schedulers.create("fcfs", b.id), c.requests());
                String actual = Traces.fast(c.config(), Schedulers.create("fcfs", b.id), c.requests());
                assertThat(Traces.firstDifference(expected, actual)).as("seed " + seed + ", fcfs/" + b.id).isNull();
            }
        }
    }

    @Test
    void aMisbehavingSchedulerGetsTheSameTokens() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCases c = RandomCases.of(seed, false, ModelSpec.tiny(seed), 20);
            String expected = Traces.reference(c.config(), new RandomBatches(seed), c.requests());
            String actual = Traces.fast(c.config(), new RandomBatches(seed), c.requests());
            assertThat(Traces.firstDifference(expected, actual)).as("seed " + seed + ", random batches").isNull();
        }
    }
}
