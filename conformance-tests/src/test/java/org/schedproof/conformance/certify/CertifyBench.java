package org.schedproof.conformance.certify;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.schedproof.conformance.suite.Suites;
import org.schedproof.engine.Schedulers;

/**
 * How long certify takes on a suite, in process (not a test: a figure for BENCHMARKS.md). Arguments: suite (quick),
 * engine (reference), level (L3), repeats (2); prints wall and CPU seconds per policy, best of the repeats.
 */
public final class CertifyBench {
    private CertifyBench() {}

    public static void main(String[] args) throws Exception {
        String suite = args.length > 0 ? args[0] : "quick";
        String engine = args.length > 1 ? args[1] : "reference";
        Level level = Level.parse(args.length > 2 ? args[2] : "L3");
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Path out = Files.createTempDirectory("certify-bench");
        for (Schedulers.Policy p : Schedulers.Policy.values()) {
            double wall = Double.MAX_VALUE, used = Double.MAX_VALUE;
            String reached = null;
            for (int i = 0; i < repeats; i++) {
                long w0 = System.nanoTime(), c0 = cpu.getCurrentThreadCpuTime();
                Certificate c = Certifier.certify(new Certifier.Request(Certificate.Target.engine(engine),
                        new PolicySpec(p.id, "sarathi", Map.of()), level, Suites.named(suite)), out.resolve(p.id),
                        new Certifier.Listener() {}).certificate();
                wall = Math.min(wall, (System.nanoTime() - w0) / 1e9);
                used = Math.min(used, (cpu.getCurrentThreadCpuTime() - c0) / 1e9);
                reached = String.valueOf(c.levelReached());
            }
            System.out.printf("%-6s %s %s on %s: %.1f s wall, %.1f s CPU (best of %d), level reached %s%n", p.id,
                    engine, level, suite, wall, used, repeats, reached);
        }
    }
}
