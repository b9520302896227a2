package org.schedproof.conformance.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.conformance.mutants.Gallery;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.workload.Workload;
import org.schedproof.gpu.sched.IndexedSchedulers;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.Scheduler;

/**
 * What a campaign fuzzes: a reference policy (on the reference engine, or on the optimized FastEngine with the indexed
 * policies), a mutant of the gallery, or an external port speaking spec/PORT.md. {@code params} are the options the
 * user fixed; a case's suggested options fill the rest ({@link #params(FuzzCase)}).
 */
public record Target(Kind kind, String policy, String batching, Map<String, String> params, String mutant,
                     List<String> port) {
    public enum Kind { POLICY, FAST, MUTANT, PORT }

    public Target {
        params = Map.copyOf(params);
        port = List.copyOf(port);
    }

    /** A reference policy on the reference engine ({@code fast}: on FastEngine with its indexed variant). */
    public static Target policy(String policy, String batching, Map<String, String> params, boolean fast) {
        Schedulers.create(policy, batching, params); // names and options checked now, not at the first case
        return new Target(fast ? Kind.FAST : Kind.POLICY, policy, batching, params, null, List.of());
    }

    public static Target mutant(String name) {
        Scheduler s = Gallery.byName(name).create();
        String claimed = s.name().split("/")[0];
        String b = s.parameters().getOrDefault("batching", "sarathi");
        return new Target(Kind.MUTANT, claimed, b, Map.of(), name, List.of());
    }

    /** A port process ({@code argv}) certified as {@code policy} under {@code batching} with the user's options. */
    public static Target port(List<String> argv, String policy, String batching, Map<String, String> params) {
        if (argv.isEmpty()) throw new IllegalArgumentException("--port needs a command: --port -- CMD ARGS...");
        Schedulers.create(policy, batching, params);
        return new Target(Kind.PORT, policy, batching, params, null, argv);
    }

    /** One line for people. */
    public String describe() {
        return switch (kind) {
            case POLICY -> policy + "/" + batching + " " + params + " on the reference engine";
            case FAST -> policy + "/" + batching + " " + params + " on FastEngine (indexed policies)";
            case MUTANT -> "mutant " + mutant + " (claims " + policy + "/" + batching + ")";
            case PORT -> "port " + String.join(" ", port) + " as " + policy + "/" + batching + " " + params;
        };
    }

    /** The options a case runs with: the case's suggestions for this policy, then the user's over them. */
    public Map<String, String> params(FuzzCase c) {
        if (kind == Kind.MUTANT) return Map.of();
        Map<String, String> m = new LinkedHashMap<>(c.paramsFor(policy));
        m.putAll(params);
        return m;
    }

    /** A fresh scheduler for one in-process run (not for a port). */
    public Scheduler scheduler(Map<String, String> options) {
        return switch (kind) {
            case POLICY -> Schedulers.create(policy, batching, options);
            case FAST -> IndexedSchedulers.create(policy, batching, options);
            case MUTANT -> Gallery.byName(mutant).create();
            case PORT -> throw new IllegalStateException("a port runs in its own process");
        };
    }

    /**
     * The engine a case's drawn engine becomes for this target: a batch former that admits whole prompts gets a token
     * budget that covers the workload's longest sequence (vLLM requires it), since otherwise nothing could run.
     */
    public EngineConfig adapt(EngineConfig c, Workload w) {
        boolean standalone = Schedulers.Policy.of(policy).standalone();
        if (standalone || Schedulers.Batching.of(batching).chunked || c.tokenBudget() >= w.longestSequence()) return c;
        return c.withTokenBudget(w.longestSequence());
    }
}
