package org.schedproof.conformance.fuzz;

import java.util.List;
import java.util.Map;
import org.schedproof.conformance.certify.Level;
import org.schedproof.engine.core.Engine;
import org.schedproof.spec.Request;

/**
 * The fuzzer's speed (issue 13 item 7; figures in BENCHMARKS.md): cases per second on one thread, in process, model
 * off, all checkers on, for each policy, at several case sizes, with the differential (a second, FastEngine run) and
 * without it (oracles L2). Not a test: run
 * {@code mvn -pl conformance-tests exec:java}-style from an IDE or with
 * {@code java -cp ... org.schedproof.conformance.fuzz.FuzzBench [seconds-per-cell] [policy...]}.
 */
public final class FuzzBench {
    private FuzzBench() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        List<String> policies = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("fcfs", "vtc", "dlpm", "ltr", "alise");
        int[] sizes = {5, 10, 20, 40, 80};
        for (String p : policies) rate(p, 20, Oracles.ALL, seconds); // the JIT warms up on every policy first
        System.out.printf("%-8s %5s %9s %9s %9s %11s %9s%n", "policy", "max n", "cases/s", "cases/s", "steps", "us/step", "wall");
        System.out.printf("%-8s %5s %9s %9s %9s %11s %9s%n", "", "", "(all)", "(L2)", "per case", "(all)", "cases/s");
        for (String p : policies) {
            for (int n : sizes) {
                double[] all = rate(p, n, Oracles.ALL, seconds);
                double[] l2 = rate(p, n, new Oracles(Level.L2), seconds);
                System.out.printf("%-8s %5d %9.0f %9.0f %9.1f %11.1f %9.0f%n", p, n, all[0], l2[0], all[1],
                        1e6 / (all[0] * all[1]), all[2]);
            }
        }
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * {cases per CPU second of this thread, mean steps per case, cases per wall second} over about {@code seconds}
     * after a warm-up. CPU time, so that a machine shared with other work still gives the rate of one core.
     */
    static double[] rate(String policy, int maxRequests, Oracles oracles, double seconds) {
        CaseRunner runner = new CaseRunner(Target.policy(policy, "sarathi", Map.of(), false), oracles);
        long k = 0;
        long warm = System.nanoTime() + (long) (seconds * 0.3e9);
        while (System.nanoTime() < warm) runner.run(Campaign.generate(7, k++, maxRequests));
        long n = 0;
        long steps = 0;
        long t0 = System.nanoTime();
        long cpu0 = CPU.getCurrentThreadCpuTime();
        long end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            FuzzCase c = Campaign.generate(7, k++, maxRequests);
            steps += runner.run(c).verdict().steps();
            n++;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e9;
        return new double[] {n / cpu, (double) steps / n, n / wall};
    }
}
