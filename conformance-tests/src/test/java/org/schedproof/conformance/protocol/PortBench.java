package org.schedproof.conformance.protocol;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;

/**
 * Protocol speed: a reference policy under {@code sarathi} in process against its Python port through the protocol
 * ({@code fcfs}: ports/python/fcfs_sarathi.py; {@code dlpm}: dlpm_sarathi.py), on one workload and {@link EngineConfig#defaults()}, model off; each run's trace is
 * encoded to a digest (not stored) and the two digests must agree. Prints steps per second of each run (the port's
 * with python's start-up and exit, and without: from the trace header, written after the port's ready, to the end
 * line), then the best and the median, and the load average before and after (the machine may be shared).
 * Usage: PortBench [WORKLOAD] [REPEAT] [POLICY] (default gen:poisson?requests=2000&clients=4&seed=1, 3, fcfs).
 */
public final class PortBench {
    private PortBench() {}

    public static void main(String[] args) throws Exception {
        String address = args.length > 0 ? args[0] : "gen:poisson?requests=2000&clients=4&seed=1";
        int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String policy = args.length > 2 ? args[2] : "fcfs";
        Workload w = Workloads.load(address);
        EngineConfig config = EngineConfig.defaults();
        Scheduler like = Schedulers.create(policy, "sarathi");
        List<String> argv = Ports.python(Ports.port(policy + "_sarathi.py"));
        double[] inProcess = new double[repeat];
        double[] withStart = new double[repeat];
        double[] noStart = new double[repeat];
        long steps = 0;
        String loadBefore = load();
        for (int i = 0; i < repeat; i++) {
            Digest ref = new Digest();
            long t0 = System.nanoTime();
            TraceEvent.End a;
            try (TraceWriter out = TraceWriter.to(ref, false)) {
                a = new Engine(config, Schedulers.create(policy, "sarathi"), out::write)
                        .run(w.requests(), w.name(), w.digest());
            }
            steps = a.steps();
            inProcess[i] = steps / ((System.nanoTime() - t0) / 1e9);
            Digest port = new Digest();
            long[] firstLast = new long[2]; // the header is written after the port's ready, the end line after its last batch
            long t1 = System.nanoTime();
            PortRun.Result r;
            try (TraceWriter out = TraceWriter.to(port, false)) {
                r = PortRun.run(argv, PortOptions.DEFAULTS, like.name(), like.parameters(), config, w, null, e -> {
                    if (e instanceof TraceEvent.Header) firstLast[0] = System.nanoTime();
                    out.write(e);
                    if (e instanceof TraceEvent.End) firstLast[1] = System.nanoTime();
                });
            }
            withStart[i] = steps / ((System.nanoTime() - t1) / 1e9);
            noStart[i] = steps / ((firstLast[1] - firstLast[0]) / 1e9);
            if (r.failure().isPresent()) throw new AssertionError("port failed: " + r.failure().get());
            boolean same = Arrays.equals(ref.digest(), port.digest());
            System.out.printf("%s/sarathi on %s: %d steps, %s; in process %.0f steps/s; port %.0f steps/s (python "
                            + "start-up and exit included), %.0f steps/s (excluded); traces %s (%s)%n", policy, address,
                    steps, a.reason(), inProcess[i], withStart[i], noStart[i], same ? "identical" : "DIFFER",
                    HexFormat.of().formatHex(port.digest(), 0, 8));
            if (!same) throw new AssertionError("the port's trace differs from the reference's");
        }
        System.out.printf("%s/sarathi, %d steps, %d runs, load average %s before and %s after; steps/s best / median: "
                        + "in process %.0f / %.0f; port, start-up included %.0f / %.0f; port, start-up excluded "
                        + "%.0f / %.0f%n", policy, steps, repeat, loadBefore, load(), best(inProcess),
                median(inProcess), best(withStart), median(withStart), best(noStart), median(noStart));
    }

    private static double best(double[] xs) {
        return Arrays.stream(xs).max().orElse(0);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The 1-minute load average (the machine may be shared), or "?" where /proc is absent. */
    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    /** An output stream that only digests what it is given. */
    private static final class Digest extends OutputStream {
        private final MessageDigest md;
        private byte[] done;

        Digest() throws Exception {
            md = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void write(int b) {
            md.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            md.update(b, off, len);
        }

        byte[] digest() {
            if (done == null) done = md.digest();
            return done;
        }
    }
}
