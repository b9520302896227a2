package org.schedproof.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The a100-mistral-7b profile re-derived from the public figures spec/COST.md cites. */
class MistralProfileTest {
    static final double PARAMS = 7_241_732_096.0;
    static final double BANDWIDTH = 1935e9;          // A100-80GB PCIe, bytes/s
    static final double FLOPS = 312e12 * 0.6;        // dense fp16 at 60%
    static final double KV_PER_TOKEN = 2 * 32 * 8 * 128 * 2; // K and V, 32 layers, 8 KV heads of 128, fp16

    @Test
    void coefficientsFollowFromTheModelAndTheCard() {
        CostProfile c = CostProfile.A100_MISTRAL_7B;
        assertThat((double) c.basePs()).isCloseTo(2 * PARAMS / BANDWIDTH * 1e12, within(1e6));
        assertThat((double) c.prefillTokenPs()).isCloseTo(2 * PARAMS / FLOPS * 1e12, within(1e3));
        assertThat(c.decodeTokenPs()).isEqualTo(c.prefillTokenPs());
        assertThat((double) c.decodeKvPs()).isCloseTo(KV_PER_TOKEN / BANDWIDTH * 1e12, within(1.0));
        assertThat((double) c.prefillPairPs()).isCloseTo(2 * 2 * 4096 * 32 / FLOPS * 1e12, within(1.0));
    }

    @Test
    void kvBlocksFillNinetyPercentOfTheCardBesideTheWeights() {
        double tokens = (81_920.0 * (1 << 20) * 0.9 - 2 * PARAMS) / KV_PER_TOKEN;
        EngineConfig e = EngineConfig.profile("a100-mistral-7b");
        assertThat(e.numBlocks()).isEqualTo((int) tokens / 16).isEqualTo(EngineConfig.A100_MISTRAL_7B_BLOCKS);
        assertThat(e.cost()).isEqualTo(CostProfile.A100_MISTRAL_7B);
        assertThat(e.withHost(100, 16).host().transferBlockPs())
                .isEqualTo((long) (KV_PER_TOKEN * 16 / 25e9 * 1e12));
    }
}
