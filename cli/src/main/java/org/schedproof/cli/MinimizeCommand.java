package org.schedproof.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.schedproof.conformance.fuzz.CaseRunner;
import org.schedproof.conformance.fuzz.Minimize;
import org.schedproof.conformance.fuzz.Oracles;
import org.schedproof.conformance.fuzz.Target;
import org.schedproof.conformance.fuzz.Verdict;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code schedproof minimize}: shrinks a user's failing workload to a minimal replayable case. */
@Command(name = "minimize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a workload on a policy, mutant or port with the engine options of 'simulate', and if an "
                + "oracle fails, shrinks the workload and engine by delta debugging (requests, then arrival times, "
                + "lengths, prefixes, clients, then the engine) while the same invariant keeps failing, and saves the "
                + "result as a case folder that 'schedproof replay' reproduces byte for byte.",
                "Exit status: 0 nothing fails (nothing to minimize), 1 minimized and saved, 2 bad input.",
                "Example: schedproof minimize --policy dlpm --workload schedproof:my-failing.jsonl --blocks 64 --out min"})
final class MinimizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FuzzTarget target;

    @Option(names = "--workload", required = true, paramLabel = "FORMAT:PATH",
            description = "The failing workload (any workload address, spec/WORKLOAD.md).")
    String workload;

    @Option(names = "--profile", defaultValue = "a100-llama2-7b", description = "Cost model. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Mixin
    EngineOptions engine;

    @Option(names = "--invariant", paramLabel = "ID", description = "The failure to keep (default: the first found).")
    String invariant;

    @Option(names = "--oracles", defaultValue = "all", paramLabel = "all|L1|L2|L3",
            description = "Which verdicts count as failures. Default: ${DEFAULT-VALUE}.")
    String oracles;

    @Option(names = "--shrink-runs", defaultValue = "5000", paramLabel = "N", description = "Most runs the shrink may spend. "
            + "Default: ${DEFAULT-VALUE}.")
    int shrinkRuns;

    @Option(names = "--out", defaultValue = "out/minimized", paramLabel = "DIR",
            description = "The case folder to write. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Target t = target.target();
        Workload w = engine.load(workload);
        EngineConfig config = t.adapt(engine.config(w, profile, t.batching()), w);
        CaseRunner runner = new CaseRunner(t, Oracles.parse(oracles));
        Verdict v = runner.run(w, config, t.params(), false).verdict();
        if (v.passed()) {
            out.println(workload + " (" + w.size() + " requests) passes every oracle on " + t.describe()
                    + ": nothing to minimize");
            out.flush();
            return 0;
        }
        String id = invariant != null ? invariant : v.primary();
        if (!v.has(id)) {
            throw new IllegalArgumentException("--invariant " + id + " does not fail on this workload; failing: " + v.ids());
        }
        out.println("failing " + v.ids() + "; keeping " + id);
        out.flush();
        Minimize.Result m = Minimize.run(runner, w, config, t.params(), id, shrinkRuns, this.out,
                this.out.getFileName().toString(), "minimized from " + workload);
        out.printf("shrunk %d -> %d requests in %d runs (%.1f s); engine: %d blocks of %d, budget %d, max running %d%n",
                w.size(), m.workload().size(), m.runs(), m.seconds(), m.config().numBlocks(), m.config().blockSize(),
                m.config().tokenBudget(), m.config().maxRunning());
        out.println(m.run().verdict());
        out.println("saved " + this.out + "; replay: schedproof replay " + this.out);
        out.flush();
        return 1;
    }
}
