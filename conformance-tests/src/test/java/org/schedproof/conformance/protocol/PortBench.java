package org.schedproof.conformance.protocol;

import java.io.OutputStream;
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
 * encoded to a digest (not stored) and the two digests must agree. Prints steps per second of each (best of
 * {@code repeat}).
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
        for (int i = 0; i < repeat; i++) {
            Digest ref = new Digest();
            long t0 = System.nanoTime();
            TraceEvent.End a;
            try (TraceWriter out = TraceWriter.to(ref, false)) {
                a = new Engine(config, Schedulers.create(policy, "sarathi"), out::write)
                        .run(w.requests(), w.name(), w.digest());
            }
            double inProcess = (System.nanoTime() - t0) / 1e9;
            Digest port = new Digest();
            long t1 = System.nanoTime();
            PortRun.Result r;
            try (TraceWriter out = TraceWriter.to(port, false)) {
                r = PortRun.run(argv, PortOptions.DEFAULTS, like.name(), like.parameters(), config, w, null, out::write);
            }
            double viaPort = (System.nanoTime() - t1) / 1e9;
            if (r.failure().isPresent()) throw new AssertionError("port failed: " + r.failure().get());
            boolean same = Arrays.equals(ref.digest(), port.digest());
            System.out.printf("%s/sarathi on %s: %d steps, %s; in process %.3f s (%.0f steps/s), port %.3f s (%.0f "
                            + "steps/s, python start-up included), traces %s (%s)%n", policy, address, a.steps(),
                    a.reason(), inProcess,
                    a.steps() / inProcess, viaPort, a.steps() / viaPort, same ? "identical" : "DIFFER",
                    HexFormat.of().formatHex(port.digest(), 0, 8));
            if (!same) throw new AssertionError("the port's trace differs from the reference's");
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
