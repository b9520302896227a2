package org.schedproof.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.conformance.fuzz.Target;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code fuzz} and {@code minimize} run: a policy (on either engine), a gallery mutant, or a port. */
final class FuzzTarget {
    @Option(names = "--policy", paramLabel = "NAME", completionCandidates = PolicyNames.class,
            description = "A reference policy: ${COMPLETION-CANDIDATES} (with --port: the policy the port claims).")
    String policy;

    @Option(names = "--param", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A policy option (repeatable); options left open are drawn per case where the fuzzer varies "
                    + "them (VTC weights, DLPM quantum, LTR starvation control).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--batching", defaultValue = "sarathi",
            description = "Batch former: sarathi, prefill-first or orca. Default: ${DEFAULT-VALUE}.")
    String batching;

    @Option(names = "--engine", defaultValue = "reference", paramLabel = "reference|fast",
            description = "Run the policy on the reference engine, or on the optimized FastEngine with its indexed "
                    + "variant (the differential then compares it with the reference). Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--mutant", paramLabel = "NAME",
            description = "A mutant of the gallery (conformance-tests mutants; --list-mutants names them).")
    String mutant;

    @Option(names = "--port", description = "Fuzz an external port (spec/PORT.md): the command follows '--'.")
    boolean port;

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "After --port --: the port's command and arguments.")
    List<String> command = new ArrayList<>();

    Target target() {
        int chosen = (mutant != null ? 1 : 0) + (port ? 1 : 0) + (policy != null && !port ? 1 : 0);
        if (chosen != 1) {
            throw new IllegalArgumentException("name one target: --policy NAME, --mutant NAME, or --policy NAME --port -- CMD ARGS...");
        }
        if (!command.isEmpty() && !port) throw new IllegalArgumentException("unexpected arguments " + command + " (a port's command follows --port --)");
        if (mutant != null) return Target.mutant(mutant);
        if (port) {
            if (policy == null) throw new IllegalArgumentException("--port needs --policy NAME: the policy the port claims");
            return Target.port(command, policy, batching, params);
        }
        if (!engine.equals("reference") && !engine.equals("fast")) {
            throw new IllegalArgumentException("--engine must be reference or fast, was '" + engine + "'");
        }
        return Target.policy(policy, batching, params, engine.equals("fast"));
    }
}
