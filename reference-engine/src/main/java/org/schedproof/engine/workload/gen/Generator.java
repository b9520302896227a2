package org.schedproof.engine.workload.gen;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The registry of generators, {@code gen:NAME}: a prefix structure plus preset defaults for the common options. A
 * new generator is one line here (and one Structure class if it needs a new shape). spec/WORKLOAD.md lists them.
 */
public enum Generator {
    POISSON("poisson", "independent requests, Poisson arrivals", Independent::new, Map.of()),
    BURSTY("bursty", "independent requests, gamma arrivals with cv=4", Independent::new,
            Map.of("arrival", "gamma", "cv", "4")),
    ONOFF("onoff", "independent requests, on/off arrivals (10 s Poisson, 30 s silence)", Independent::new,
            Map.of("arrival", "onoff")),
    SKEWED("skewed", "independent requests from 64 clients with Zipf(1.2) load", Independent::new,
            Map.of("clients", "64", "skew", "1.2")),
    SYSTEM_PROMPT("system-prompt", "8 clients, each request = the client's 512-token system prompt + a question",
            SystemPrompts::new, Map.of("clients", "8")),
    MULTITURN("multiturn", "multi-turn conversations of 4 clients; each turn extends the previous prompt",
            Conversations::new, Map.of("clients", "4", "input", "16..512"));

    private final String label;
    private final String description;
    private final Structure.Factory structure;
    private final Map<String, String> presets;

    Generator(String label, String description, Structure.Factory structure, Map<String, String> presets) {
        this.label = label;
        this.description = description;
        this.structure = structure;
        this.presets = presets;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    Structure.Factory structure() {
        return structure;
    }

    Map<String, String> presets() {
        return presets;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Generator::label).toList();
    }
}
