package org.schedproof.conformance.fuzz.gen.clients;

import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.schedproof.conformance.fuzz.gen.ClientMix;
import org.schedproof.conformance.fuzz.gen.Draw;
import org.schedproof.conformance.fuzz.gen.Sketch;

/** 3 to 8 clients with Zipf load (exponent 0.8 to 2): client-0 the heaviest. */
public final class SkewedClients implements ClientMix {
    @Override
    public String name() {
        return "zipf";
    }

    @Override
    public void fill(Draw d, Sketch s) {
        s.clients = d.between(3, 8);
        var zipf = RejectionInversionZipfSampler.of(d.rng(), s.clients, 0.8 + 1.2 * d.rng().nextDouble());
        for (int i = 0; i < s.requests; i++) s.client[i] = zipf.sample() - 1;
    }
}
