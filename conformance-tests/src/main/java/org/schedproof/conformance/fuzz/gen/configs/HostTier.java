package org.schedproof.conformance.fuzz.gen.configs;

import org.schedproof.conformance.fuzz.gen.Configs;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;

/** A tight device pool with a host tier behind it (1 to 4 pools' worth, KV kept at 8 or 16 bits) for offloading. */
public final class HostTier implements Configs {
    @Override
    public String name() {
        return "host-tier";
    }

    @Override
    public EngineConfig config(Draw d, Workload w, int blockSize) {
        EngineConfig c = new Tight().config(d, w, blockSize);
        return c.withHost(d.between(1, 4 * c.numBlocks()), d.pick(8, 16));
    }
}
