package org.schedproof.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.schedproof.conformance.reproduce.Experiment;
import org.schedproof.conformance.reproduce.ExperimentResult;
import org.schedproof.conformance.reproduce.Experiments;
import org.schedproof.conformance.reproduce.Reproduction;
import org.schedproof.conformance.reproduce.RunResult;
import org.schedproof.conformance.reproduce.Runner;
import org.schedproof.report.Report;
import org.schedproof.spec.trace.TraceEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code schedproof reproduce}: runs the seed papers' headline experiments and writes REPRODUCTION.md. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Reproduces a seed paper's headline result in simulation (dlpm, d2lpm, sarathi, ltr, alise, or all): "
                + "runs the experiment's file (conformance-tests/src/main/resources/reproduce/NAME.json), checks every "
                + "trace with every checker as it is produced, and writes DIR/NAME/{table.md,runs.csv,traces/} and "
                + "REPRODUCTION.md (see REPRODUCTION.md).",
                "Exit status: 0 every run clean, 1 some run failed a checker or did not finish, 2 bad input."})
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "An experiment (${COMPLETION-CANDIDATES}) or all.",
            completionCandidates = Names.class)
    String name;

    @Option(names = "--out", defaultValue = "out/reproduce", paramLabel = "DIR",
            description = "Where tables, CSVs and gzipped traces go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--md", paramLabel = "FILE",
            description = "Where REPRODUCTION.md goes. Default: ./REPRODUCTION.md for a full 'all', else DIR/REPRODUCTION.md.")
    Path md;

    @Option(names = "--quick", description = "The build's small variant of each experiment (fewer requests and points).")
    boolean quick;

    static final class Names extends ArrayList<String> {
        Names() {
            super(Experiments.NAMES);
        }
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Experiment> experiments = new ArrayList<>();
        try {
            for (String n : name.equals("all") ? Experiments.NAMES : List.of(name)) {
                Experiment e = Experiments.load(n);
                experiments.add(quick ? e.quickVariant() : e);
            }
        } catch (RuntimeException e) {
            err.println("schedproof: " + e.getMessage());
            return 2;
        }
        long t0 = System.nanoTime();
        List<ExperimentResult> results = new ArrayList<>();
        boolean clean = true;
        for (Experiment e : experiments) {
            o.println("== " + e.name() + ": " + e.title());
            o.flush();
            ExperimentResult r = new Runner(e, out.resolve(e.name()), new Listener(o)).run();
            Reproduction.writeExperiment(r, out.resolve(e.name()));
            plots(r, out.resolve(e.name()), o);
            clean &= r.allClean();
            results.add(r);
            o.printf(Locale.ROOT, "   %s: %s, paper %s (%.1f s)%n", Reproduction.reproduced(r) ? "reproduced" : "NOT reproduced",
                    gainLine(r), e.paperText(), r.wallMs() / 1000.0);
            o.flush();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String machine = String.format(Locale.ROOT, "This run: %d experiment(s) in %.0f s of wall time on %d cores, load "
                        + "average %.1f at the end (the machine was shared).", results.size(), seconds,
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path file = md != null ? md : name.equals("all") && !quick ? Path.of("REPRODUCTION.md") : out.resolve("REPRODUCTION.md");
        Reproduction.writeMarkdown(results, quick, machine, file);
        o.println(machine);
        o.println("wrote " + file + " and " + out + "/NAME/{table.md,runs.csv,traces/}");
        o.flush();
        return clean ? 0 : 1;
    }

    /**
     * DIR/NAME/report.html: the plots of the headline point's runs, one section per arm (schedproof report on their
     * traces; a cluster's worker traces as one cluster).
     */
    private static void plots(ExperimentResult r, Path dir, PrintWriter o) {
        Set<Path> inputs = new LinkedHashSet<>();
        for (RunResult run : r.runs()) {
            if (!run.point().equals(r.headline()) || r.run(run.point(), run.arm()) != run) continue;
            for (String t : run.traces()) {
                Path trace = dir.resolve(t);
                inputs.add(trace.getFileName().toString().startsWith("worker-") ? trace.getParent() : trace);
            }
        }
        if (inputs.isEmpty()) return;
        Path page = dir.resolve("report.html");
        try {
            Report.write(new ArrayList<>(inputs), page);
            o.println("   plots of the headline point: " + page);
        } catch (IOException | RuntimeException e) {
            o.println("   no plots (" + page + "): " + e.getMessage());
        }
    }

    private static String gainLine(ExperimentResult r) {
        return String.format(Locale.ROOT, "%.2fx at the headline point", r.gain(r.headline()));
    }

    /** One line per run, with a progress bar while it runs. */
    private static final class Listener implements Runner.Listener {
        private final PrintWriter out;
        private Progress progress;
        private int index;

        Listener(PrintWriter out) {
            this.out = out;
        }

        @Override
        public Consumer<TraceEvent> starting(String label, int requests) {
            index++;
            out.printf(Locale.ROOT, "   [%d] %s (%d requests)...", index, label, requests);
            out.flush();
            progress = new Progress(System.err, requests);
            return progress;
        }

        @Override
        public void finished(RunResult r) {
            progress.close();
            out.printf(Locale.ROOT, " %.1f tok/s, mean e2e %.2f s, p99 TBT %.1f ms, %s%n", r.summary().tokensPerSecond(),
                    r.summary().e2eUs().mean() / 1e6, r.summary().tbtUs().p99() / 1e3, r.clean() ? "checks pass" : r.checked());
            out.flush();
        }
    }
}
