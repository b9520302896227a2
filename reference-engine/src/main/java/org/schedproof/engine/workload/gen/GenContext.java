package org.schedproof.engine.workload.gen;

/**
 * What every generator shares, read from the common options: how many requests, the seed, and the samplers of
 * arrivals, clients and lengths (each on its own stream of {@link Seeds}).
 */
public record GenContext(int requests, long seed, ArrivalProcess arrivals, ClientSampler clients,
                         LengthSampler lengths) {}
