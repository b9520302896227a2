package org.schedproof.conformance.fuzz.gen.configs;

import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;

/** What the engine configurations share: the blocks a workload needs, and the draws of budget and running cap. */
final class EngineShapes {
    private EngineShapes() {}

    /** Consecutive iterations without progress before the engine stops a run (small: a stuck mutant ends fast). */
    static final int MAX_STALLED = 200;

    /** Blocks of the longest request alone. */
    static int longest(Workload w, int blockSize) {
        return (w.longestSequence() + blockSize - 1) / blockSize;
    }

    /** Blocks of every request at once. */
    static int all(Workload w, int blockSize) {
        int n = 0;
        for (Request r : w.requests()) n += (r.promptLength() + r.maxNewTokens() + blockSize - 1) / blockSize;
        return n;
    }

    /**
     * The default engine with {@code blocks} blocks (watermark included), a drawn budget (as small as 1 token when the
     * sequences are short), running cap and prefix cache.
     */
    static EngineConfig drawn(Draw d, Workload w, int blocks, int blockSize, int watermark) {
        // A budget far below the prompts would make a small case thousands of steps long.
        int budget = w.longestSequence() <= 128 && d.chance(0.5) ? d.between(1, 64) : d.pick(16, 32, 64, 128, 256, 512);
        int maxRunning = d.chance(0.2) ? 128 : d.chance(0.1) ? 1 : d.between(2, 12);
        return EngineConfig.defaults().withBlocks(blocks, blockSize).withWatermark(watermark).withTokenBudget(budget)
                .withMaxRunning(maxRunning).withPrefixCaching(d.chance(0.9)).withMaxStalled(MAX_STALLED);
    }
}
