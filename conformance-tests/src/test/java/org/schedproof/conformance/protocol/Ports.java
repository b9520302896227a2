package org.schedproof.conformance.protocol;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceWriter;

/** Where the Python ports are, and runs of the reference and of a port as trace bytes, for the protocol tests. */
final class Ports {
    private Ports() {}

    private static Boolean python;

    /** Skips the calling test, with the reason, when there is no python3 on PATH. */
    static void assumePython() {
        if (python == null) {
            try {
                Process p = new ProcessBuilder("python3", "-c", "import sys; assert sys.version_info >= (3, 9)")
                        .redirectErrorStream(true).start();
                python = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (Exception e) {
                python = false;
            }
        }
        assumeTrue(python, "python3 (3.9 or later) is not on PATH: the Python ports cannot run");
    }

    /** The checkout's root: the folder holding ports/python. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("ports/python/schedproof_port.py"))) return p;
        }
        throw new IllegalStateException("ports/python/schedproof_port.py not found above " + Path.of("").toAbsolutePath());
    }

    /** The argv of a Python script: a port of ports/python, or a test resource. */
    static List<String> python(Path script, String... args) {
        List<String> argv = new ArrayList<>(List.of("python3", script.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    static Path port(String file) {
        return root().resolve("ports/python").resolve(file);
    }

    static Path resource(String file) {
        return root().resolve("conformance-tests/src/test/resources").resolve(file);
    }

    /** The reference's trace of {@code scheduler} on {@code w}, as the bytes TraceWriter writes. */
    static byte[] referenceTrace(Scheduler scheduler, EngineConfig config, Workload w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TraceWriter out = TraceWriter.to(bytes)) {
            new Engine(config, scheduler, out::write).run(w.requests(), w.name(), w.digest());
        }
        return bytes.toByteArray();
    }

    /** The events of a port run's trace, read back (so the trace is whole and valid). */
    static List<org.schedproof.spec.trace.TraceEvent> events(Traced t) {
        try (org.schedproof.spec.trace.TraceReader r = org.schedproof.spec.trace.TraceReader.ofString(
                new String(t.trace(), java.nio.charset.StandardCharsets.UTF_8), "port trace")) {
            return r.stream().toList();
        }
    }

    /** A port run's trace bytes and result. */
    record Traced(PortRun.Result result, byte[] trace) {}

    static Traced portTrace(List<String> argv, PortOptions options, Scheduler like, EngineConfig config, Workload w,
                            Path stderrLog) {
        return portTrace(argv, options, like.name(), like.parameters(), config, w, stderrLog);
    }

    static Traced portTrace(List<String> argv, PortOptions options, String policy, Map<String, String> parameters,
                            EngineConfig config, Workload w, Path stderrLog) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PortRun.Result r;
        try (TraceWriter out = TraceWriter.to(bytes)) {
            r = PortRun.run(argv, options, policy, parameters, config, w, stderrLog, out::write);
        }
        return new Traced(r, bytes.toByteArray());
    }
}
