package org.schedproof.conformance.certify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.schedproof.conformance.protocol.PortFailure;
import org.schedproof.conformance.protocol.PortOptions;
import org.schedproof.conformance.protocol.PortRun;
import org.schedproof.conformance.suite.Suite;
import org.schedproof.conformance.suite.SuiteWorkload;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.WorkloadException;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.gpu.core.FastEngine;
import org.schedproof.gpu.cuda.CudaDevice;
import org.schedproof.invariants.CheckResult;
import org.schedproof.invariants.Checker;
import org.schedproof.invariants.Checkers;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceFormatException;
import org.schedproof.spec.trace.TraceReader;
import org.schedproof.spec.trace.TraceWriter;

/**
 * Certifies a target at a level on a suite (spec/LEVELS.md): runs every workload (through the port, or in process, or
 * reads the port's own traces), judges each trace as it is produced with every checker of the level (and, at L3, the
 * schedule differential against the reference re-run on the same workload, engine and parameters), and writes
 * DIR/certificate.json, DIR/junit.xml, DIR/summary.txt (the certificate for a person) and per workload
 * DIR/ID/trace.jsonl (gzip past {@link #GZIP_BYTES}) and
 * DIR/ID/port.stderr.log. A misbehaving port gets its verdict in the certificate; what cannot run at all is a
 * {@link CertifyException}.
 */
public final class Certifier {
    /** A trace larger than this is kept gzip-compressed ({@code trace.jsonl.gz}). */
    public static final long GZIP_BYTES = 8L << 20;

    private Certifier() {}

    /** What to certify: the target, the reference policy (null for traces: their headers name it), level, suite. */
    public record Request(Certificate.Target target, PolicySpec policy, Level level, Suite suite) {
        public Request {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(level, "level");
            if (!target.kind().equals(Certificate.Target.TRACES)) {
                Objects.requireNonNull(policy, "policy");
                Objects.requireNonNull(suite, "suite");
            }
        }
    }

    /** Follows a certification as it goes (a progress bar); every method may be ignored. */
    public interface Listener {
        /** Before the first workload: how many requests all workloads hold together (an upper bound). */
        default void begin(long requests) {}

        /** Workload {@code index} of {@code count} starts. */
        default void workload(String id, int index, int count) {}

        /** Every event of the trace being judged. */
        default void event(TraceEvent e) {}
    }

    /** The certificate and the wall-clock seconds each workload took (for junit.xml only: never in the certificate). */
    public record Outcome(Certificate certificate, Map<String, Double> seconds) {}

    /** Certifies, writing every file under {@code out} (created if needed). */
    public static Outcome certify(Request request, Path out, Listener listener) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new CertifyException(out + ": cannot create the output folder: " + e.getMessage(), e);
        }
        Outcome o = request.target().kind().equals(Certificate.Target.TRACES)
                ? offline(request, out, listener) : online(request, out, listener);
        CertificateJson.write(o.certificate(), out.resolve("certificate.json"));
        JunitReport.write(o.certificate(), o.seconds(), out.resolve("junit.xml"));
        try {
            Files.writeString(out.resolve("summary.txt"), CertificateText.render(o.certificate()));
        } catch (IOException e) {
            throw new CertifyException(out.resolve("summary.txt") + ": cannot write: " + e.getMessage(), e);
        }
        return o;
    }

    // ---- online: a port or an in-process engine on each workload of the suite

    /**
     * How a candidate runs one workload: it writes every trace event to {@code sink}, header first and end last (none
     * when it failed before the run, e.g. a port's handshake), keeps its log in {@code stderrLog} (null: nowhere) and
     * says how it ended.
     */
    @FunctionalInterface
    public interface Candidate {
        Ran run(EngineConfig config, Workload workload, Path stderrLog, Consumer<TraceEvent> sink);

        /** A candidate's run: the protocol verdict (null: none) and the name the port gave (null: not a port). */
        record Ran(PortFailure failure, String portName) {
            public static final Ran CLEAN = new Ran(null, null);
        }

        /** A Java scheduler in process on the reference engine: a fresh one from {@code schedulers} per workload. */
        static Candidate inProcess(Supplier<? extends Scheduler> schedulers) {
            return (config, w, log, sink) -> {
                new Engine(config, schedulers.get(), sink).run(w.requests(), w.name(), w.digest());
                return Ran.CLEAN;
            };
        }
    }

    /** A workload's result, and the name the port gave in {@code ready} (null: not a port, or it never said). */
    public record Judged(Certificate.WorkloadResult result, String portName) {}

    private static Candidate candidate(Request req, PolicySpec spec) {
        Certificate.Target t = req.target();
        if (t.kind().equals(Certificate.Target.PORT)) {
            PortOptions options = portOptions(t.limits());
            return (config, w, log, sink) -> {
                PortRun.Result r = PortRun.run(t.command(), options, spec.name(), spec.parameters(), config, w, log, sink);
                return new Candidate.Ran(r.failure().orElse(null), r.portName().orElse(null));
            };
        }
        if ("fast".equals(t.engine())) {
            return (config, w, log, sink) -> {
                new FastEngine(config, spec.indexed(), sink).run(w.requests(), w.name(), w.digest());
                return Candidate.Ran.CLEAN;
            };
        }
        if (!"reference".equals(t.engine())) {
            throw new CertifyException("--engine " + t.engine() + ": known engines are reference and fast");
        }
        return Candidate.inProcess(spec::reference);
    }

    private static Outcome online(Request req, Path out, Listener listener) {
        Suite suite = req.suite();
        PolicySpec spec = req.policy();
        Candidate candidate = candidate(req, spec);
        boolean port = req.target().kind().equals(Certificate.Target.PORT);
        listener.begin(suite.workloads().stream().mapToLong(SuiteWorkload::limit).sum());
        List<Certificate.WorkloadResult> results = new ArrayList<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        String portName = null;
        int i = 0;
        for (SuiteWorkload sw : suite.workloads()) {
            listener.workload(sw.id(), i++, suite.workloads().size());
            long t0 = System.nanoTime();
            Judged j = judge(sw, spec, req.level(), candidate, isFast(req), out.resolve(sw.id()), port, listener);
            if (portName == null) portName = j.portName();
            results.add(j.result());
            seconds.put(sw.id(), (System.nanoTime() - t0) / 1e9);
        }
        return new Outcome(certificate(req, port ? Certificate.PORT_PROTOCOL : null, portName, spec.name(),
                spec.parameters(), suite.name(), suite.version(), results), seconds);
    }

    /**
     * Runs and judges one suite workload: {@code candidate} runs it as {@code spec} on the engine the workload's
     * recipe sizes, every checker of {@code level} judges the trace as it is produced (at L3 with the schedule
     * differential against the reference). {@code dir} (null: nothing kept) receives trace.jsonl and, with
     * {@code keepStderr}, port.stderr.log. The JUnit kit calls this once per workload.
     */
    public static Judged judge(SuiteWorkload sw, PolicySpec spec, Level level, Candidate candidate, boolean needsDevice,
                               Path dir, boolean keepStderr, Listener listener) {
        Workload w;
        try {
            w = sw.load();
        } catch (WorkloadException | IllegalArgumentException e) {
            throw new CertifyException("workload " + sw.id() + ": " + e.getMessage(), e);
        }
        boolean standalone = Schedulers.Policy.of(spec.policy()).standalone();
        EngineConfig config = sw.engine().config(w, standalone ? null : spec.batching());
        if (needsDevice && !config.model().isOff() && !CudaDevice.available()) {
            return new Judged(new Certificate.WorkloadResult(sw.id(), w.name(), w.digest(), sw.seed(), config,
                    "the exact model on FastEngine needs a CUDA device: " + CudaDevice.unavailableReason(),
                    null, null, null, null, null, List.of(), null), null);
        }
        ScheduleDifferential diff = level == Level.L3 ? new ScheduleDifferential(reference(spec, config, w)) : null;
        Run run = new Run(diff);
        Path trace = dir == null ? null : dir.resolve("trace.jsonl");
        Path stderr = dir == null || !keepStderr ? null : dir.resolve("port.stderr.log");
        if (dir != null) {
            try {
                Files.createDirectories(dir);
                Files.deleteIfExists(dir.resolve("trace.jsonl.gz"));
                Files.deleteIfExists(dir.resolve("port.stderr.log"));
            } catch (IOException e) {
                throw new CertifyException(dir + ": " + e.getMessage(), e);
            }
        }
        try (TraceWriter writer = trace == null ? null : TraceWriter.open(trace)) {
            Candidate.Ran ran = candidate.run(config, w, stderr, e -> {
                if (writer != null) writer.write(e);
                run.accept(e);
                listener.event(e);
            });
            run.failure = ran.failure();
            run.portName = ran.portName();
        } catch (IOException e) {
            throw new CertifyException(trace + ": cannot write the trace: " + e.getMessage(), e);
        }
        run.stderrKept = stderr != null && Files.exists(stderr);
        if (trace != null) {
            if (run.sawHeader) run.tracePath = keep(trace);
            else delete(trace);
        }
        return new Judged(run.result(sw.id(), w.name(), w.digest(), sw.seed(), config, sw.id() + "/", level),
                run.portName);
    }

    private static boolean isFast(Request req) {
        return req.target().kind().equals(Certificate.Target.ENGINE) && "fast".equals(req.target().engine());
    }

    /** What a run left: the online checks, the counts, the differential, how it ended. */
    private static final class Run {
        final TraceCheck.Online online;
        final RunStats.Counter counter = new RunStats.Counter();
        final ScheduleDifferential diff;
        boolean sawHeader;
        TraceEvent.End end;
        PortFailure failure;
        String portName;
        String tracePath;
        boolean stderrKept;

        Run(ScheduleDifferential diff) {
            this.diff = diff;
            List<Checker> checkers = Checkers.all();
            if (diff != null) checkers.add(diff);
            this.online = new TraceCheck.Online(checkers);
        }

        void accept(TraceEvent e) {
            if (e instanceof TraceEvent.Header) sawHeader = true;
            if (e instanceof TraceEvent.End x) end = x;
            online.accept(e);
            counter.accept(e);
        }

        Certificate.WorkloadResult result(String id, String address, String digest, Long seed, EngineConfig config,
                                          String folder, Level level) {
            if (!sawHeader) return withoutTrace(id, address, digest, seed, config, folder, level);
            TraceCheck.Report report = online.report();
            Certificate.Verdict verdict = failure == null ? null
                    : new Certificate.Verdict(failure.verdict(), failure.step(), failure.message());
            Certificate.RunResult run = new Certificate.RunResult(end == null ? null : end.reason(),
                    report.steps(), end == null ? 0 : end.completed(), report.rejectedSteps(),
                    report.engineViolations(), runFailure(report));
            List<Certificate.InvariantResult> rows = new ArrayList<>();
            for (CheckResult c : report.results()) {
                if (!level.judges(c.id())) continue;
                rows.add(row(c));
            }
            return new Certificate.WorkloadResult(id, address, digest, seed, config, null,
                    tracePath == null ? null : folder + tracePath, stderrKept ? folder + "port.stderr.log" : null,
                    verdict, run, counter.stats(), rows,
                    diff == null ? null : diff.divergence().orElse(null));
        }

        /** A run that never started (a port's handshake failed): no trace, every invariant not run. */
        private Certificate.WorkloadResult withoutTrace(String id, String address, String digest, Long seed,
                                                        EngineConfig config, String folder, Level level) {
            List<Certificate.InvariantResult> rows = new ArrayList<>();
            for (Checkers c : Checkers.values()) {
                if (level.judges(c.id())) rows.add(new Certificate.InvariantResult(c.id(), Certificate.InvariantResult.NOT_RUN, 0, null));
            }
            if (diff != null) rows.add(new Certificate.InvariantResult(ScheduleDifferential.ID, Certificate.InvariantResult.NOT_RUN, 0, null));
            Certificate.Verdict verdict = failure == null ? null
                    : new Certificate.Verdict(failure.verdict(), failure.step(), failure.message());
            String why = failure != null ? "protocol verdict " + failure : "the run wrote no trace";
            return new Certificate.WorkloadResult(id, address, digest, seed, config, null, null,
                    stderrKept ? folder + "port.stderr.log" : null, verdict,
                    new Certificate.RunResult(null, 0, 0, 0, 0, why), counter.stats(), rows, null);
        }

        private String runFailure(TraceCheck.Report report) {
            if (failure != null) return "protocol verdict " + failure;
            if (end == null) return "the trace has no end line";
            if (report.rejectedSteps() > 0) {
                return "the engine rejected " + report.rejectedSteps() + " batch(es) with " + report.engineViolations()
                        + " violation(s) of the legal-batch rules";
            }
            if (!end.reason().equals(TraceEvent.End.DONE)) return "the run ended '" + end.reason() + "', not 'done'";
            return null;
        }
    }

    private static Certificate.InvariantResult row(CheckResult c) {
        String status = switch (c.status()) {
            case PASS -> Certificate.InvariantResult.PASS;
            case FAIL -> Certificate.InvariantResult.FAIL;
            case NOT_APPLICABLE -> Certificate.InvariantResult.NA;
        };
        return new Certificate.InvariantResult(c.id(), status, c.violationCount(),
                c.first().isEmpty() ? null : c.first().get(0).toString());
    }

    /** The reference's whole trace of {@code spec} on {@code w}, in memory (what DIFF-SCHEDULE compares against). */
    static List<TraceEvent> reference(PolicySpec spec, EngineConfig config, Workload w) {
        List<TraceEvent> events = new ArrayList<>();
        new Engine(config, spec.reference(), events::add).run(w.requests(), w.name(), w.digest());
        return events;
    }

    static PortOptions portOptions(Certificate.Limits l) {
        PortOptions o = PortOptions.DEFAULTS;
        if (l == null) return o;
        return o.withStartTimeout(Duration.ofMillis(l.startTimeoutMs())).withReplyTimeout(Duration.ofMillis(l.replyTimeoutMs()))
                .withRunTimeout(Duration.ofMillis(l.runTimeoutMs())).withMaxLineBytes(l.maxLineBytes());
    }

    /** The trace's file name as kept: gzip-compressed when large. */
    private static String keep(Path trace) {
        try {
            if (Files.size(trace) <= GZIP_BYTES) return trace.getFileName().toString();
            Path gz = trace.resolveSibling(trace.getFileName() + ".gz");
            try (InputStream in = Files.newInputStream(trace);
                 OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
                in.transferTo(o);
            }
            Files.delete(trace);
            return gz.getFileName().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- offline: traces written by a port's own engine

    private static Outcome offline(Request req, Path out, Listener listener) {
        List<String> files = req.target().traces();
        if (files == null || files.isEmpty()) throw new CertifyException("--trace: no trace file given");
        List<Certificate.WorkloadResult> results = new ArrayList<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        PolicySpec first = null;
        TraceEvent.Header firstHeader = null;
        listener.begin(0);
        int i = 0;
        for (String file : files) {
            long t0 = System.nanoTime();
            Path path = Path.of(file);
            TraceEvent.Header h = header(path);
            PolicySpec spec;
            try {
                spec = PolicySpec.fromHeader(h);
            } catch (IllegalArgumentException e) {
                throw new CertifyException(file + ": header: " + e.getMessage(), e);
            }
            if (first == null) {
                first = spec;
                firstHeader = h;
            } else if (!h.policy().equals(firstHeader.policy()) || !h.parameters().equals(firstHeader.parameters())) {
                throw new CertifyException(file + ": a certificate covers one policy with one set of parameters; this "
                        + "trace names " + h.policy() + " " + new java.util.TreeMap<>(h.parameters()) + ", " + files.get(0)
                        + " names " + firstHeader.policy() + " " + new java.util.TreeMap<>(firstHeader.parameters()));
            }
            String id = uniqueId(path, ids);
            listener.workload(id, i++, files.size());
            ScheduleDifferential diff = req.level() == Level.L3 ? offlineDifferential(file, h, spec) : null;
            Run run = new Run(diff);
            try (TraceReader reader = TraceReader.open(path)) {
                while (reader.hasNext()) {
                    TraceEvent e = reader.next();
                    run.accept(e);
                    listener.event(e);
                }
            } catch (TraceFormatException e) {
                throw new CertifyException(e.getMessage(), e);
            } catch (IOException e) {
                throw new CertifyException(file + ": cannot read: " + e.getMessage(), e);
            }
            run.tracePath = file;
            results.add(run.result(id, h.workload(), h.workloadDigest(), SuiteWorkload.seedOf(h.workload()), h.engine(),
                    "", req.level()));
            seconds.put(id, (System.nanoTime() - t0) / 1e9);
        }
        return new Outcome(certificate(req, null, null, first.name(), new java.util.TreeMap<>(firstHeader.parameters()),
                null, null, results), seconds);
    }

    private static TraceEvent.Header header(Path path) {
        try (TraceReader r = TraceReader.open(path)) {
            return r.header();
        } catch (TraceFormatException e) {
            throw new CertifyException(e.getMessage(), e);
        } catch (IOException e) {
            throw new CertifyException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The differential of an offline trace: the reference re-run on the workload, engine and parameters it names. */
    private static ScheduleDifferential offlineDifferential(String file, TraceEvent.Header h, PolicySpec spec) {
        Workload w;
        try {
            w = Workloads.load(h.workload());
        } catch (WorkloadException | IllegalArgumentException e) {
            throw new CertifyException(file + ": L3 re-runs the reference on the workload the header names, and '"
                    + h.workload() + "' cannot be loaded: " + e.getMessage(), e);
        }
        if (!w.digest().equals(h.workloadDigest())) {
            return ScheduleDifferential.failed("the workload the header names (" + h.workload() + ") loads with digest "
                    + w.digest() + " but the header says " + h.workloadDigest()
                    + ": the trace was not made from that workload, so the reference cannot be re-run on it");
        }
        try {
            Engine.checkFits(h.engine(), w.requests());
        } catch (IllegalArgumentException e) {
            throw new CertifyException(file + ": " + e.getMessage(), e);
        }
        return new ScheduleDifferential(reference(spec, h.engine(), w));
    }

    private static String uniqueId(Path path, Set<String> taken) {
        String name = path.getFileName().toString().replaceFirst("\\.gz$", "").replaceFirst("\\.jsonl?$", "");
        String id = name;
        for (int k = 2; !taken.add(id); k++) id = name + "-" + k;
        return id;
    }

    // ---- the level reached

    private static Certificate certificate(Request req, String protocol, String portName, String policy,
                                           Map<String, String> parameters, String suite, Integer suiteVersion,
                                           List<Certificate.WorkloadResult> results) {
        return new Certificate(Certificate.FORMAT, Certificate.HARNESS, TraceEvent.SCHEMA, protocol, req.target(),
                portName, policy, parameters, suite, suiteVersion, req.level(), levelReached(req.level(), results),
                summary(results), results);
    }

    /**
     * The highest level up to {@code asked} at which every workload that ran ran whole (no protocol verdict, no
     * rejected batch, ended done) and every invariant of that level or below passed or did not apply; null if none
     * (or if no workload ran).
     */
    static Level levelReached(Level asked, List<Certificate.WorkloadResult> results) {
        List<Certificate.WorkloadResult> ran = results.stream().filter(r -> r.skipped() == null).toList();
        if (ran.isEmpty() || ran.stream().anyMatch(r -> !r.run().passed())) return null;
        Level reached = null;
        for (Level l : Level.values()) {
            if (l.compareTo(asked) > 0) break;
            Level level = l;
            boolean ok = ran.stream().flatMap(r -> r.results().stream())
                    .filter(x -> Level.of(x.id()) == level)
                    .allMatch(x -> x.status().equals(Certificate.InvariantResult.PASS)
                            || x.status().equals(Certificate.InvariantResult.NA));
            if (!ok) break;
            reached = l;
        }
        return reached;
    }

    private static Certificate.Summary summary(List<Certificate.WorkloadResult> results) {
        int skipped = 0, pass = 0, fail = 0, na = 0, runFailures = 0;
        for (Certificate.WorkloadResult r : results) {
            if (r.skipped() != null) {
                skipped++;
                continue;
            }
            if (!r.run().passed()) runFailures++;
            for (Certificate.InvariantResult x : r.results()) {
                switch (x.status()) {
                    case Certificate.InvariantResult.PASS -> pass++;
                    case Certificate.InvariantResult.FAIL -> fail++;
                    default -> na++;
                }
            }
        }
        return new Certificate.Summary(results.size(), skipped, pass, fail, na, runFailures);
    }
}
