package org.schedproof.conformance.fuzz.gen.params;

import java.util.Map;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Params;
import org.schedproof.engine.workload.Workload;

/** DLPM's quantum: half the time a small one (1 to 512), so that deficits run out within a small case. */
public final class DlpmQuantum implements Params {
    @Override
    public String policy() {
        return "dlpm";
    }

    @Override
    public Map<String, String> suggest(Draw d, Workload w) {
        return d.chance(0.5) ? Map.of() : Map.of("quantum", Integer.toString(d.pick(1, 8, 32, 128, 512)));
    }
}
