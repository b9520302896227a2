package org.schedproof.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.cluster.Cluster;
import org.schedproof.engine.cluster.D2lpm;
import org.schedproof.engine.cluster.Router;
import org.schedproof.engine.cluster.Routers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.metrics.MetricsCollector;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.Handoff;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code schedproof simulate}: one workload, one policy, the reference engine (or a cluster of them behind a router);
 * a summary table and a trace per engine.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Runs a workload through the deterministic reference engine, prints a summary table and writes "
                + "DIR/trace.jsonl; the independent checkers judge the trace as it is produced (as `schedproof check` "
                + "would, without reading the file back) and their table follows the summary.",
                "Exit status: 0 clean run, 1 the engine recorded violations or an invariant fails, 2 bad input."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Mixin
    EngineOptions engine;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path outDir;

    @Option(names = "--no-check", description = "Do not run the invariant checkers on the trace as it is produced.")
    boolean noCheck;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "W",
            description = "Engines in a cluster on one virtual clock, each running --policy, behind --router; writes "
                    + "DIR/worker-0.jsonl ... and prints one summary for the cluster. Default: ${DEFAULT-VALUE} (the "
                    + "single engine, DIR/trace.jsonl).")
    int workers;

    @Option(names = "--router", defaultValue = "round-robin",
            description = "With --workers > 1, which worker gets each request at its arrival: "
                    + "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.", completionCandidates = RouterNames.class)
    String router;

    @Option(names = "--router-param", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A router option (repeatable), e.g. --router-param threshold=8192.")
    Map<String, String> routerParams = new LinkedHashMap<>();

    @Option(names = "--report", description = "Also write DIR/report.html: the run's plots (schedproof report DIR).")
    boolean report;

    /** The registry's router names, for the help text. */
    static final class RouterNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Routers.Kind.values()).map(k -> k.id).iterator();
        }
    }

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
        Scheduler scheduler = null;
        Router r = null;
        IntFunction<Scheduler> workerSchedulers = null;
        try {
            config = engine.config(w, run.profile, run.batching);
            if (workers < 1) throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
            if (workers > 1) {
                r = Routers.create(router, routerParams);
                // D²LPM runs DLPM on its workers: that is the policy unless --policy says otherwise (and fails).
                String policy = r instanceof D2lpm && !spec.commandLine().getParseResult().hasMatchedOption("--policy")
                        ? "dlpm" : run.policy;
                workerSchedulers = Routers.schedulers(r, policy, run.batching, run.params);
            } else {
                scheduler = Schedulers.create(run.policy, run.batching, run.params);
            }
        } catch (IllegalArgumentException e) {
            err.println("schedproof: " + e.getMessage());
            return 2;
        }
        if (workers > 1) {
            int status = cluster(w, config, r, workerSchedulers, out);
            return report && ReportCommand.beside(outDir, out, err) != 0 ? 2 : status;
        }
        Files.createDirectories(outDir);
        Path tracePath = outDir.resolve("trace.jsonl");
        MetricsCollector metrics = new MetricsCollector();
        TraceEvent.End end;
        TraceCheck.Report checks = null;
        try (TraceWriter trace = TraceWriter.open(tracePath); Progress progress = new Progress(System.err, w.requests().size());
             TraceCheck.Background checking = noCheck ? null : new TraceCheck.Background();
             // Encoding and writing on a thread of their own: on two cores the engine's thread is the longest one.
             Handoff<TraceEvent> recording = new Handoff<>("schedproof-trace", trace::write, null)) {
            end = new Engine(config, scheduler, e -> {
                recording.accept(e);
                metrics.accept(e);
                progress.accept(e);
                if (checking != null) checking.accept(e);
            }).run(w.requests(), w.name(), w.digest());
            recording.finish();
            if (checking != null) checks = checking.report();
        }
        out.println("workload  " + w.name() + " (" + w.requests().size() + " requests, " + w.digest() + ")");
        out.println("policy    " + scheduler.name() + ", budget " + config.tokenBudget() + ", " + config.numBlocks()
                + " blocks of " + config.blockSize() + ", model " + config.model().id());
        out.println();
        out.print(metrics.summary().table());
        out.println();
        out.println("trace     " + tracePath + " (" + end.steps() + " steps, ended: " + end.reason() + ")");
        if (checks != null) {
            out.println();
            CheckCommand.printTable(out, checks);
        }
        out.flush();
        if (report && ReportCommand.beside(outDir, out, err) != 0) return 2;
        boolean clean = end.violations() == 0 && end.reason().equals(TraceEvent.End.DONE);
        return clean && (checks == null || checks.passed()) ? 0 : 1;
    }

    private int cluster(Workload w, EngineConfig config, Router r, IntFunction<Scheduler> schedulers, PrintWriter out)
            throws IOException {
        Cluster.Result result;
        try (Progress progress = new Progress(System.err, w.requests().size())) {
            result = new Cluster(config, workers, schedulers, r).run(w.requests(), w.name(), w.digest(), outDir, progress);
        }
        out.println("workload  " + w.name() + " (" + w.requests().size() + " requests, " + w.digest() + ")");
        out.println("cluster   " + workers + " workers behind " + r.name() + " " + r.parameters() + ", each "
                + result.workers().get(0).summary().policy() + ", budget " + config.tokenBudget() + ", "
                + config.numBlocks() + " blocks of " + config.blockSize() + ", model " + config.model().id());
        out.println();
        out.print(result.summary().table());
        out.println();
        out.print(result.workerTable());
        out.println();
        out.println("traces    " + outDir.resolve("worker-0.jsonl") + " ... worker-" + (workers - 1) + ".jsonl");
        out.flush();
        return result.clean() ? 0 : 1;
    }
}
