package org.schedproof.conformance.fuzz;

import java.util.Map;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;

/**
 * One fuzz case as a value: {@code (generator, version, seed)} determines the workload, the engine and the suggested
 * policy options, every time ({@link org.schedproof.conformance.fuzz.gen.Generators#generate}). {@code recipe} names the
 * part drawn for each concern (e.g. {@code clients=zipf arrivals=gamma ...}), for people; {@code params} holds policy
 * options by policy name, which a target uses only for options its user left open.
 */
public record FuzzCase(String generator, int version, long seed, String recipe, Workload workload, EngineConfig config,
                       Map<String, Map<String, String>> params) {
    public FuzzCase {
        params = Map.copyOf(params);
    }

    /** The same case with another workload and engine (what shrinking tries). */
    public FuzzCase with(Workload w, EngineConfig c) {
        return new FuzzCase(generator, version, seed, recipe, w, c, params);
    }

    /** Options suggested for {@code policy} (empty when none). */
    public Map<String, String> paramsFor(String policy) {
        return params.getOrDefault(policy, Map.of());
    }
}
