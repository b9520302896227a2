package org.schedproof.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.metrics.Comparison;
import org.schedproof.spec.metrics.MetricsCollector;
import org.schedproof.spec.metrics.Summary;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code schedproof compare}: several policies on one workload, one table. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Runs several policies on one workload through the reference engine and prints one table: "
                + "throughput, TTFT/TBT p50/p99, mean latency, prefix hit rate, max per-client service gap, Jain's index.",
                "Exit status: 0 every run clean, 1 some run recorded violations or did not finish, 2 bad input."})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engine;

    @Option(names = "--workload", defaultValue = "builtin:default", paramLabel = "FORMAT:PATH",
            description = "Workload address (see simulate). Default: ${DEFAULT-VALUE}.")
    String workload;

    @Option(names = "--profile", defaultValue = "a100-llama2-7b",
            description = "Cost model and KV size: a100-llama2-7b, h200-llama2-7b or a100-mistral-7b. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Parameters(paramLabel = "POLICY[/BATCHING][?KEY=VALUE&...]",
            description = "The runs to compare, e.g. fcfs vtc?lift=artifact dlpm/prefill-first. Default: every "
                    + "registered policy under sarathi batching.")
    List<String> runs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write each run's trace to DIR/NN-RUN/trace.jsonl (NN its position, RUN its label "
                    + "with characters other than letters, digits, '.', '-' and '_' as '_').")
    Path outDir;

    @Option(names = "--report", description = "Also write DIR/report.html (DIR: --out, default out/compare): the "
            + "runs' latency CDFs side by side and each run's plots.")
    boolean report;

    /** One run: a policy, a batch former and options. */
    record RunSpec(String label, String policy, String batching, Map<String, String> params) {
        static RunSpec parse(String s) {
            int q = s.indexOf('?');
            String head = q < 0 ? s : s.substring(0, q);
            Map<String, String> params = new LinkedHashMap<>();
            if (q >= 0) {
                for (String pair : s.substring(q + 1).split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) throw new IllegalArgumentException("run '" + s + "': option '" + pair + "': expected KEY=VALUE");
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            int slash = head.indexOf('/');
            String policy = slash < 0 ? head : head.substring(0, slash);
            String batching = slash < 0 ? Schedulers.Batching.SARATHI.id : head.substring(slash + 1);
            return new RunSpec(s, policy, batching, params);
        }
    }

    /** Where run {@code i}'s trace goes under --out. */
    static Path runDir(Path out, int i, String label) {
        return out.resolve(String.format("%02d-%s", i + 1, label.replaceAll("[^A-Za-z0-9._-]", "_")));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<RunSpec> specs = new ArrayList<>();
        Workload w;
        List<EngineConfig> configs = new ArrayList<>();
        List<Scheduler> schedulers = new ArrayList<>();
        try {
            List<String> given = runs.isEmpty()
                    ? Arrays.stream(Schedulers.Policy.values()).map(p -> p.id).toList() : runs;
            for (String s : given) specs.add(RunSpec.parse(s));
            w = engine.load(workload);
            for (RunSpec r : specs) {
                configs.add(engine.config(w, profile, r.batching()));
                schedulers.add(Schedulers.create(r.policy(), r.batching(), r.params()));
            }
        } catch (RuntimeException e) {
            err.println("schedproof: " + e.getMessage());
            return 2;
        }
        out.println("workload  " + w.name() + " (" + w.requests().size() + " requests, " + w.digest() + "), profile "
                + profile);
        if (report && outDir == null) outDir = Path.of("out", "compare");
        List<Summary> summaries = new ArrayList<>();
        boolean clean = true;
        for (int i = 0; i < specs.size(); i++) {
            MetricsCollector metrics = new MetricsCollector();
            TraceWriter trace = null;
            if (outDir != null) {
                Path dir = runDir(outDir, i, specs.get(i).label());
                Files.createDirectories(dir);
                trace = TraceWriter.open(dir.resolve("trace.jsonl"));
            }
            TraceWriter writer = trace;
            try (writer; Progress progress = new Progress(System.err, w.requests().size())) {
                TraceEvent.End end = new Engine(configs.get(i), schedulers.get(i), e -> {
                    if (writer != null) writer.write(e);
                    metrics.accept(e);
                    progress.accept(e);
                }).run(w.requests(), w.name(), w.digest());
                clean &= end.violations() == 0 && end.reason().equals(TraceEvent.End.DONE);
            }
            summaries.add(metrics.summary());
        }
        out.println();
        out.print(Comparison.table(specs.stream().map(RunSpec::label).toList(), summaries));
        if (outDir != null) out.println("\ntraces    " + outDir + "/NN-RUN/trace.jsonl");
        out.flush();
        if (report && ReportCommand.beside(outDir, out, err) != 0) return 2;
        return clean ? 0 : 1;
    }
}
