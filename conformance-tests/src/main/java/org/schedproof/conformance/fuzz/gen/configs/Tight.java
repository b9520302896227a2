package org.schedproof.conformance.fuzz.gen.configs;

import org.schedproof.conformance.fuzz.gen.Configs;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;

/**
 * Blocks close to the fit limit: the longest request plus the watermark plus 0 to 3 blocks, so that requests queue
 * for memory, get preempted and recompute, and the cache evicts.
 */
public final class Tight implements Configs {
    @Override
    public String name() {
        return "tight";
    }

    @Override
    public EngineConfig config(Draw d, Workload w, int blockSize) {
        int watermark = d.between(0, 2);
        return EngineShapes.drawn(d, w, EngineShapes.longest(w, blockSize) + watermark + d.between(0, 3), blockSize,
                watermark);
    }
}
