package org.schedproof.conformance.certify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.schedproof.gpu.core.FastEngine;
import org.schedproof.gpu.cuda.CudaDevice;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;
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
                ? TraceCertifier.certify(request, out, listener) : online(request, out, listener);
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
        ScheduleDifferential diff = level == Level.L3 ? ScheduleDifferential.against(spec, config, w) : null;
        WorkloadRun run = new WorkloadRun(diff);
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

    // ---- the level reached

    static Certificate certificate(Request req, String protocol, String portName, String policy,
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
