package org.schedproof.conformance.fuzz.gen.params;

import java.util.Map;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Params;
import org.schedproof.engine.workload.Workload;

/** LTR's starvation control: half the time on, with a threshold of 1 to 30 idle iterations and a quantum of 1 to 8. */
public final class LtrStarvation implements Params {
    @Override
    public String policy() {
        return "ltr";
    }

    @Override
    public Map<String, String> suggest(Draw d, Workload w) {
        if (d.chance(0.5)) return Map.of();
        return Map.of("starvation", "on", "threshold", Integer.toString(d.between(1, 30)),
                "quantum", Integer.toString(d.between(1, 8)));
    }
}
