package org.schedproof.conformance.fuzz.gen.clients;

import org.schedproof.conformance.fuzz.gen.ClientMix;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Sketch;

/** Every request from one client (fair policies degenerate to their base order). */
public final class OneClient implements ClientMix {
    @Override
    public String name() {
        return "one";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        s.clients = 1;
    }
}
