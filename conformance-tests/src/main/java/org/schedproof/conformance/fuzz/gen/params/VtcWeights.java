package org.schedproof.conformance.fuzz.gen.params;

import java.util.Map;
import java.util.TreeSet;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Params;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.Request;

/** VTC's fairness weights: half the time, each client of the workload a weight of 1 to 4. */
public final class VtcWeights implements Params {
    @Override
    public String policy() {
        return "vtc";
    }

    @Override
    public Map<String, String> suggest(Draw d, Workload w) {
        if (d.chance(0.5)) return Map.of();
        TreeSet<String> clients = new TreeSet<>();
        for (Request r : w.requests()) clients.add(r.client());
        StringBuilder b = new StringBuilder();
        for (String c : clients) b.append(b.length() == 0 ? "" : ",").append(c).append(':').append(d.between(1, 4));
        return Map.of("weights", b.toString());
    }
}
