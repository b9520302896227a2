package org.schedproof.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.metrics.MetricsCollector;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code schedproof simulate}: one workload, one policy, the reference engine; a summary table and a trace. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Runs a workload through the deterministic reference engine, prints a summary table and writes "
                + "DIR/trace.jsonl.", "Exit status: 0 clean run, 1 the engine recorded violations, 2 bad input."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Mixin
    EngineOptions engine;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path outDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Workload w;
        try {
            w = engine.load(run.workload);
        } catch (RuntimeException e) {
            err.println("schedproof: " + e.getMessage());
            return 2;
        }
        EngineConfig config;
        Scheduler scheduler;
        try {
            config = engine.config(w, run.profile, run.batching);
            scheduler = Schedulers.create(run.policy, run.batching, run.params);
        } catch (IllegalArgumentException e) {
            err.println("schedproof: " + e.getMessage());
            return 2;
        }
        Files.createDirectories(outDir);
        Path tracePath = outDir.resolve("trace.jsonl");
        MetricsCollector metrics = new MetricsCollector();
        TraceEvent.End end;
        try (TraceWriter trace = TraceWriter.open(tracePath); Progress progress = new Progress(System.err, w.requests().size())) {
            end = new Engine(config, scheduler, e -> {
                trace.write(e);
                metrics.accept(e);
                progress.accept(e);
            }).run(w.requests(), w.name(), w.digest());
        }
        out.println("workload  " + w.name() + " (" + w.requests().size() + " requests, " + w.digest() + ")");
        out.println("policy    " + scheduler.name() + ", budget " + config.tokenBudget() + ", " + config.numBlocks()
                + " blocks of " + config.blockSize() + ", model " + config.model().id());
        out.println();
        out.print(metrics.summary().table());
        out.println();
        out.println("trace     " + tracePath + " (" + end.steps() + " steps, ended: " + end.reason() + ")");
        out.flush();
        return end.violations() == 0 && end.reason().equals(TraceEvent.End.DONE) ? 0 : 1;
    }
}
