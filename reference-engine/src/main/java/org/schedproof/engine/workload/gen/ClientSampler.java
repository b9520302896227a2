package org.schedproof.engine.workload.gen;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.schedproof.engine.workload.Clients;
import org.schedproof.engine.workload.Options;

/**
 * Picks a client index for each request (or conversation): uniform over {@code clients}, or Zipf with exponent
 * {@code skew} > 0, client-0 being the heaviest.
 */
public final class ClientSampler {
    private final int clients;
    private final UniformRandomProvider rng;
    private final DiscreteSampler zipf;

    private ClientSampler(int clients, double skew, UniformRandomProvider rng) {
        this.clients = clients;
        this.rng = rng;
        this.zipf = skew > 0 ? RejectionInversionZipfSampler.of(rng, clients, skew) : null;
    }

    public static ClientSampler fromOptions(Options options, long seed) {
        int clients = options.intValue("clients", 1, 1, 1_000_000);
        double skew = options.number("skew", 0, 0, false, 100);
        return new ClientSampler(clients, skew, Seeds.CLIENTS.rng(seed));
    }

    public int clients() {
        return clients;
    }

    public int nextIndex() {
        if (clients == 1) {
            return 0;
        }
        return zipf != null ? zipf.sample() - 1 : rng.nextInt(clients);
    }

    public String name(int index) {
        return Clients.name(index);
    }
}
