package org.schedproof.conformance.fuzz.gen.configs;

import org.schedproof.conformance.fuzz.gen.Configs;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;

/** Room for every request at once (no preemption for memory); budget and running cap drawn. */
public final class Roomy implements Configs {
    @Override
    public String name() {
        return "roomy";
    }

    @Override
    public EngineConfig config(Draw d, Workload w, int blockSize) {
        int watermark = d.between(0, 1);
        return EngineShapes.drawn(d, w, EngineShapes.all(w, blockSize) + watermark + 1, blockSize, watermark);
    }
}
