package org.schedproof.conformance.fuzz.gen.clients;

import org.schedproof.conformance.fuzz.gen.ClientMix;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Sketch;

/** 2 to 5 clients, each request from any of them with equal chance. */
public final class UniformClients implements ClientMix {
    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        s.clients = d.between(2, 5);
        for (int i = 0; i < s.requests; i++) s.client[i] = d.rng().nextInt(s.clients);
    }
}
