package org.schedproof.conformance.reproduce;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.zip.GZIPOutputStream;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.cluster.Cluster;
import org.schedproof.engine.cluster.Router;
import org.schedproof.engine.cluster.Routers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.invariants.CheckResult;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.metrics.MetricsCollector;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;

/**
 * Runs an experiment: every arm at every point (a capacity experiment: a search per arm and point), each run checked
 * by every trace checker as it is produced ({@link TraceCheck.Online}; a cluster's worker traces after the run, since
 * their headers are written last), its trace gzipped under {@code DIR/traces}. Deterministic: the same file gives
 * the same results and traces.
 */
public final class Runner {
    /** Told of each run as it starts (it returns the consumer that sees the run's events, e.g. a progress bar) and ends. */
    public interface Listener {
        Consumer<TraceEvent> starting(String label, int requests);

        void finished(RunResult result);
    }

    private final Experiment experiment;
    private final Path dir;
    private final Listener listener;
    private final Map<String, RunResult> done = new java.util.HashMap<>();

    public Runner(Experiment experiment, Path dir, Listener listener) {
        this.experiment = experiment;
        this.dir = dir;
        this.listener = listener;
    }

    /** Every run of the experiment, in order; capacities (per point label, per arm) for a capacity experiment. */
    public ExperimentResult run() {
        long t0 = System.nanoTime();
        List<RunResult> runs = new ArrayList<>();
        Map<String, Map<String, Double>> capacities = new LinkedHashMap<>();
        for (Map<String, String> point : experiment.points()) {
            String label = Experiment.label(point);
            Map<String, String> vars = experiment.varsAt(point);
            Map<String, Double> caps = new LinkedHashMap<>();
            for (Experiment.Arm arm : experiment.arms()) {
                if (experiment.kind().equals(Experiment.CAPACITY)) {
                    caps.put(arm.label(), search(label, arm, vars, runs));
                } else {
                    RunResult r = once(label, arm, vars, Double.NaN);
                    runs.add(r);
                }
            }
            if (!caps.isEmpty()) capacities.put(label, caps);
        }
        deleteUnkept(runs);
        return new ExperimentResult(experiment, runs, capacities, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The highest rate meeting the SLO: geometric bisection over [lo, hi] for {@code steps} steps; 0 when lo fails,
     * hi when hi passes. Only the trace of the run at the capacity found is kept.
     */
    private double search(String point, Experiment.Arm arm, Map<String, String> vars, List<RunResult> runs) {
        Experiment.Capacity c = experiment.capacity();
        double lo = Double.parseDouble(experiment.expand(c.lo(), vars, "capacity.lo"));
        double hi = Double.parseDouble(experiment.expand(c.hi(), vars, "capacity.hi"));
        RunResult best = null;
        List<RunResult> trials = new ArrayList<>();
        RunResult atLo = trial(point, arm, vars, lo, trials);
        if (!meets(atLo, vars)) {
            lo = 0;
        } else {
            best = atLo;
            RunResult atHi = trial(point, arm, vars, hi, trials);
            if (meets(atHi, vars)) {
                lo = hi;
                best = atHi;
            } else {
                for (int i = 0; i < c.steps(); i++) {
                    double mid = round(Math.sqrt(lo * hi));
                    RunResult r = trial(point, arm, vars, mid, trials);
                    if (meets(r, vars)) {
                        lo = mid;
                        best = r;
                    } else {
                        hi = mid;
                    }
                }
            }
        }
        for (RunResult r : trials) {
            boolean keep = r == best || (best == null && r == atLo);
            runs.add(keep ? r : new RunResult(r.point(), r.arm(), r.rate(), r.summary(), r.clientMeanE2eUs(),
                    r.schedulingDelayP50Us(), r.tau(), r.arrivalSpanUs(), r.imbalance(), r.checked(), List.of()));
        }
        return lo;
    }

    private RunResult trial(String point, Experiment.Arm arm, Map<String, String> vars, double rate,
                            List<RunResult> trials) {
        Map<String, String> v = new LinkedHashMap<>(vars);
        v.put(experiment.capacity().rate(), format(rate));
        RunResult r = once(point, arm, v, rate);
        trials.add(r);
        return r;
    }

    /** Whether a trial meets every SLO bound at its point's variables (and ran clean). */
    boolean meets(RunResult r, Map<String, String> vars) {
        if (!r.clean()) return false;
        for (Map.Entry<String, String> b : experiment.capacity().slo().entrySet()) {
            double max = Double.parseDouble(experiment.expand(b.getValue(), vars, "capacity.slo." + b.getKey()));
            if (Measure.of(b.getKey()).of(r) > max) return false;
        }
        return true;
    }

    /**
     * One run, or the earlier run of the same arm on the same workload and engine (points that differ only in what
     * they judge, e.g. an SLO, share runs), relabelled.
     */
    private RunResult once(String point, Experiment.Arm arm, Map<String, String> vars, double rate) {
        String address = experiment.expand(experiment.workload(), vars, "workload");
        Map<String, String> eng = new LinkedHashMap<>(experiment.engine());
        eng.putAll(arm.engine());
        Map<String, String> ev = new LinkedHashMap<>();
        eng.forEach((k, t) -> ev.put(k, experiment.expand(t, vars, "engine." + k)));
        arm = new Experiment.Arm(arm.label(), arm.policy(), arm.batching(), expand(arm.params(), vars, "params"),
                arm.router(), expand(arm.routerParams(), vars, "routerParams"), arm.engine());
        String key = arm + "|" + address + "|" + ev;
        RunResult same = done.get(key);
        if (same != null) {
            return new RunResult(point, same.arm(), same.rate(), same.summary(), same.clientMeanE2eUs(),
                    same.schedulingDelayP50Us(), same.tau(), same.arrivalSpanUs(), same.imbalance(), same.checked(), same.traces());
        }
        RunResult r = fresh(point, arm, address, ev, rate);
        done.put(key, r);
        return r;
    }

    private Map<String, String> expand(Map<String, String> m, Map<String, String> vars, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, t) -> out.put(k, experiment.expand(t, vars, field + "." + k)));
        return out;
    }

    private RunResult fresh(String point, Experiment.Arm arm, String address, Map<String, String> ev, double rate) {
        Workload w = Workloads.load(address);
        EngineConfig config = config(arm, ev, w);
        int workers = Integer.parseInt(ev.getOrDefault("workers", "1"));
        String name = slug(point) + "__" + slug(arm.label()) + (Double.isNaN(rate) ? "" : "__rate-" + format(rate));
        String label = experiment.name() + " " + point + ": " + arm.label() + (Double.isNaN(rate) ? "" : " @ " + format(rate));
        Consumer<TraceEvent> progress = listener.starting(label, w.size());
        RunStats stats = new RunStats();
        if (arm.router() == null && workers == 1) {
            Path trace = dir.resolve("traces").resolve(name + ".jsonl.gz");
            TraceCheck.Online online = TraceCheck.online();
            MetricsCollector metrics = new MetricsCollector();
            try (TraceWriter out = TraceWriter.open(trace)) {
                Scheduler s = Schedulers.create(arm.policy(), arm.batching(), arm.params());
                new Engine(config, s, online.andThen(metrics).andThen(stats).andThen(out::write).andThen(progress))
                        .run(w.requests(), w.name(), w.digest());
            } catch (IOException x) {
                throw new UncheckedIOException("cannot write " + trace, x);
            }
            RunResult r = new RunResult(point, arm.label(), rate, metrics.summary(), stats.clientMeanE2eUs(),
                    stats.schedulingDelayP50Us(), stats.predictorTau(), stats.arrivalSpanUs(), Double.NaN, verdict(List.of(online.report())),
                    List.of(dir.relativize(trace).toString()));
            listener.finished(r);
            return r;
        }
        Router router = Routers.create(arm.router() == null ? "round-robin" : arm.router(), arm.routerParams());
        IntFunction<Scheduler> schedulers = Routers.schedulers(router, arm.policy(), arm.batching(), arm.params());
        Path wdir = dir.resolve("traces").resolve(name);
        Cluster.Result cr = new Cluster(config, workers, schedulers, router)
                .run(w.requests(), w.name(), w.digest(), wdir, stats.andThen(progress));
        List<TraceCheck.Report> reports = new ArrayList<>();
        List<String> traces = new ArrayList<>();
        for (Cluster.WorkerResult wr : cr.workers()) {
            try {
                reports.add(TraceCheck.run(wr.trace()));
                traces.add(dir.relativize(gzip(wr.trace())).toString());
            } catch (IOException x) {
                throw new UncheckedIOException("cannot check " + wr.trace(), x);
            }
        }
        String checked = verdict(reports);
        if (!cr.clean() && checked.equals(RunResult.PASS)) checked = "engine: " + cr.workers().get(0).end().reason();
        RunResult r = new RunResult(point, arm.label(), rate, cr.summary(), stats.clientMeanE2eUs(),
                stats.schedulingDelayP50Us(), stats.predictorTau(), stats.arrivalSpanUs(), cr.imbalance(), checked, traces);
        listener.finished(r);
        return r;
    }

    private EngineConfig config(Experiment.Arm arm, Map<String, String> ev, Workload w) {
        EngineConfig c = EngineConfig.profile(experiment.profile());
        if (ev.containsKey("blocks")) {
            int blocks = Integer.parseInt(ev.get("blocks"));
            c = c.withBlocks(blocks, c.blockSize()).withWatermark(blocks / 100);
        }
        String budget = ev.getOrDefault("budget", "auto");
        Schedulers.Batching former = Schedulers.Batching.of(arm.batching());
        c = c.withTokenBudget(budget.equals("auto") ? former.defaultBudget(w.longestSequence()) : Integer.parseInt(budget));
        if (ev.containsKey("maxRunning")) c = c.withMaxRunning(Integer.parseInt(ev.get("maxRunning")));
        int host = Integer.parseInt(ev.getOrDefault("hostBlocks", "0"));
        if (host > 0) c = c.withHost(host, Integer.parseInt(ev.getOrDefault("hostKvBits", "16")));
        Engine.checkFits(c, w.requests());
        return c;
    }

    private static String verdict(List<TraceCheck.Report> reports) {
        List<String> failed = new ArrayList<>();
        for (TraceCheck.Report rep : reports) {
            for (CheckResult c : rep.results()) {
                if (c.status() == CheckResult.Status.FAIL && !failed.contains(c.id())) failed.add(c.id());
            }
        }
        return failed.isEmpty() ? RunResult.PASS : "FAIL " + String.join(",", failed);
    }

    private static Path gzip(Path file) throws IOException {
        Path gz = file.resolveSibling(file.getFileName() + ".gz");
        try (InputStream in = Files.newInputStream(file); OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            in.transferTo(out);
        }
        Files.delete(file);
        return gz;
    }

    /** Deletes the traces of search trials that no kept run names (they were checked; keeping them all costs disk). */
    private void deleteUnkept(List<RunResult> runs) {
        java.util.Set<Path> kept = new java.util.HashSet<>();
        for (RunResult r : runs) for (String t : r.traces()) kept.add(dir.resolve(t).normalize());
        Path traces = dir.resolve("traces");
        if (!Files.isDirectory(traces)) return;
        try (var files = Files.walk(traces)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (!kept.contains(p.normalize())) Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + traces, e);
        }
        try (var dirs = Files.walk(traces)) {
            for (Path d : dirs.sorted(java.util.Comparator.reverseOrder()).filter(Files::isDirectory).toList()) {
                try (var in = Files.list(d)) {
                    if (in.findAny().isEmpty() && !d.equals(traces)) Files.delete(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + traces, e);
        }
    }

    static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
    }

    /** Rates to 3 decimals, so a search point names the same workload on every machine. */
    static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    static String format(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : String.format(Locale.ROOT, "%.3f", x).replaceAll("0+$", "");
    }
}
