package org.schedproof.conformance.protocol;

import java.util.Map;
import java.util.Objects;
import org.schedproof.spec.EngineConfig;

/**
 * What the harness tells a port before the run (spec/PORT.md section 2): the policy it is certified as, every
 * parameter of that policy, the engine, the workload's address and how many requests will arrive.
 */
public record Hello(String policy, Map<String, String> parameters, EngineConfig engine, String workload,
                    long requests) {
    public Hello {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(workload, "workload");
        parameters = Map.copyOf(parameters);
    }
}
