package org.schedproof.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
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

    @Option(names = "--limit", paramLabel = "N", description = "Take only the first N requests of the workload.")
    Integer limit;

    @Option(names = "--budget", paramLabel = "TOKENS",
            description = "Token budget per iteration (Sarathi's tau, vLLM's max_num_batched_tokens). Default: 512 for "
                    + "sarathi; for prefill-first the longest sequence of the workload, at least 4096.")
    Integer budget;

    @Option(names = "--blocks", description = "KV blocks (default: the profile's, 7609 for a100-llama2-7b).")
    Integer blocks;

    @Option(names = "--block-size", defaultValue = "16", description = "Positions per KV block. Default: ${DEFAULT-VALUE}.")
    int blockSize;

    @Option(names = "--max-running", defaultValue = "128", description = "Most running sequences. Default: ${DEFAULT-VALUE}.")
    int maxRunning;

    @Option(names = "--no-prefix-cache", description = "Disable the radix prefix cache.")
    boolean noPrefixCache;

    @Option(names = "--model", defaultValue = "off", paramLabel = "SHAPE@SEED",
            description = "Compute tokens with the exact-integer model (e.g. tiny@1), or 'off' (lengths only). "
                    + "Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path outDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Workload w;
        try {
            w = limit == null ? Workloads.load(run.workload) : Workloads.load(run.workload, limit);
        } catch (RuntimeException e) {
            err.println("schedproof: " + e.getMessage());
            return 2;
        }
        EngineConfig config;
        Scheduler scheduler;
        try {
            config = engineConfig(w);
            scheduler = Schedulers.create(run.policy, run.batching, run.params);
            Engine.checkFits(config, w.requests());
            if (run.batching.equals("prefill-first") && w.longestSequence() > config.tokenBudget()) {
                throw new IllegalArgumentException("prefill-first admits whole sequences, and the longest here has "
                        + w.longestSequence() + " tokens, more than --budget " + config.tokenBudget()
                        + "; it could never be admitted (vLLM requires max_num_batched_tokens >= max_model_len)");
            }
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

    private EngineConfig engineConfig(Workload w) {
        EngineConfig c = EngineConfig.profile(run.profile);
        if (blocks != null) c = c.withBlocks(blocks, blockSize).withWatermark(blocks / 100);
        else if (blockSize != c.blockSize()) c = c.withBlocks(c.numBlocks() * c.blockSize() / blockSize, blockSize);
        int tau = budget != null ? budget
                : run.batching.equals("prefill-first") ? Math.max(4096, w.longestSequence()) : 512;
        c = c.withTokenBudget(tau).withMaxRunning(maxRunning).withPrefixCaching(!noPrefixCache);
        return c.withModel(parseModel(model));
    }

    static ModelSpec parseModel(String s) {
        if (s.equals("off")) return ModelSpec.OFF;
        int at = s.indexOf('@');
        if (at < 0) return new ModelSpec(s, 1);
        try {
            return new ModelSpec(s.substring(0, at), Long.parseLong(s.substring(at + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--model: expected SHAPE@SEED such as tiny@1, got '" + s + "'");
        }
    }
}
