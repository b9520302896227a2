package org.schedproof.conformance.fuzz.gen.clients;

import org.schedproof.conformance.fuzz.gen.ClientMix;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Sketch;

/**
 * One client floods, the others send now and then (the case fair schedulers exist for): 2 to 4 clients, client-0
 * sends each request with chance 0.7 to 0.95.
 */
public final class DominantClient implements ClientMix {
    @Override
    public String name() {
        return "dominant";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        s.clients = d.between(2, 4);
        double heavy = 0.7 + 0.25 * d.rng().nextDouble();
        for (int i = 0; i < s.requests; i++) s.client[i] = d.chance(heavy) ? 0 : d.between(1, s.clients - 1);
    }
}
