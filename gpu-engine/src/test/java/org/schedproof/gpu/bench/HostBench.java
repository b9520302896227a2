package org.schedproof.gpu.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.gpu.core.FastEngine;
import org.schedproof.gpu.sched.IndexedSchedulers;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.trace.TraceEvent;

/**
 * Host scheduling speed, model off: the reference (reference engine, reference policy) against the optimized
 * (FastEngine, the policy's indexed variant from IndexedSchedulers, else the reference policy) on N requests that all
 * arrive at time 0 (so N wait at the first step and the queue drains from N to 0), each a 16-token system prompt
 * shared by its client (8 clients unless {@code clients=C}) plus 8 tokens of its own, generating 1 to 4 tokens;
 * budget 512, 128 running, stall-free batching for the orderings. Both runs must end alike and give the same digest
 * of every trace event. Usage: HostBench [POLICY ...] [N ...] [clients=C] [repeat=R] [warmup=W] (default every policy,
 * and ltr with starvation control on, at 1000 10000 100000, 8 clients, 1 run after 2 unprinted warm-up runs of the
 * same case and size; with R runs each line is one run and a summary gives the minimum and median of each side);
 * results go to gpu-engine/BENCHMARKS.md.
 */
public final class HostBench {
    /** CPU time of the bench thread, not wall-clock: the build machine is shared, and waiting for a core is not cost. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private HostBench() {}

    /** A benched configuration: a policy and its options. */
    private record Case(String policy, Map<String, String> options) {
        String label() {
            return policy + (options.isEmpty() ? "" : " " + options);
        }
    }

    private static final List<Case> ALL = List.of(new Case("fcfs", Map.of()), new Case("vtc", Map.of()),
            new Case("lcf", Map.of()), new Case("lpm", Map.of()), new Case("dlpm", Map.of()), new Case("ltr", Map.of()),
            new Case("ltr", Map.of("starvation", "on")), new Case("alise", Map.of()));

    public static void main(String[] args) {
        List<Integer> sizes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int clients = 8;
        int repeat = 1;
        int warmup = 2;
        for (String a : args) {
            if (a.startsWith("clients=")) clients = Integer.parseInt(a.substring(8));
            else if (a.startsWith("repeat=")) repeat = Integer.parseInt(a.substring(7));
            else if (a.startsWith("warmup=")) warmup = Integer.parseInt(a.substring(7));
            else if (a.chars().allMatch(Character::isDigit)) sizes.add(Integer.parseInt(a));
            else names.add(a);
        }
        if (sizes.isEmpty()) sizes = List.of(1000, 10_000, 100_000);
        List<Case> cases = names.isEmpty() ? ALL : ALL.stream().filter(c -> names.contains(c.policy)).toList();
        EngineConfig config = EngineConfig.defaults();
        for (Case c : cases) run(config, c, 1000, clients, false); // warm-up of both engines and every policy
        System.out.printf("clients %d, %d run(s) each after %d warm-up run(s)%n", clients, repeat, warmup);
        System.out.printf("%-22s %8s %8s %7s %13s %13s %8s%n", "policy", "indexed", "waiting", "steps", "ref cpu ms",
                "opt cpu ms", "speedup");
        for (Case c : cases) {
            for (int n : sizes) {
                double[][] ms = new double[2][repeat];
                int steps = 0;
                // the JIT compiles the paths of this size's queues in the first runs: those would time the compiler
                for (int w = 0; w < warmup; w++) run(config, c, n, clients, false);
                for (int r = 0; r < repeat; r++) {
                    long[] t = run(config, c, n, clients, true);
                    ms[0][r] = t[0] / 1e6;
                    ms[1][r] = t[1] / 1e6;
                    steps = (int) t[2];
                }
                if (repeat > 1) {
                    Arrays.sort(ms[0]);
                    Arrays.sort(ms[1]);
                    System.out.printf("%-22s %8s %8d %7d  reference min %.1f median %.1f ms, optimized min %.1f"
                            + " median %.1f ms (%.1f us/step), speedup of medians %.1fx%n", c.label(), "summary", n,
                            steps, ms[0][0], ms[0][repeat / 2], ms[1][0], ms[1][repeat / 2],
                            ms[1][repeat / 2] * 1000 / steps, ms[0][repeat / 2] / ms[1][repeat / 2]);
                }
            }
        }
    }

    /** Runs both engines on one case; returns their nanoseconds and the steps. */
    private static long[] run(EngineConfig config, Case c, int n, int clients, boolean print) {
        List<Request> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int client = i % clients;
            requests.add(new Request(i, "c" + client, 0, new Prompt(new long[] {client, Math.max(1000L, clients) + i}, new int[] {16, 24}),
                    1 + i % 4));
        }
        Digest ref = new Digest();
        long t0 = CPU.getCurrentThreadCpuTime();
        TraceEvent.End a = new Engine(config, Schedulers.create(c.policy, "sarathi", c.options), ref)
                .run(requests, "bench", "none");
        long t1 = CPU.getCurrentThreadCpuTime();
        Digest fast = new Digest();
        TraceEvent.End b = new FastEngine(config, IndexedSchedulers.create(c.policy, "sarathi", c.options), fast)
                .run(requests, "bench", "none");
        long t2 = CPU.getCurrentThreadCpuTime();
        if (!a.equals(b) || ref.value != fast.value) {
            throw new IllegalStateException(c.label() + " at " + n + ": the engines disagree: " + a + " vs " + b);
        }
        if (print) {
            System.out.printf("%-22s %8s %8d %7d %13.0f %13.0f %7.1fx%n", c.label(),
                    IndexedSchedulers.isIndexed(c.policy) ? "yes" : "no", n, a.steps(), (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6, (double) (t1 - t0) / (t2 - t1));
        }
        return new long[] {t1 - t0, t2 - t1, a.steps()};
    }

    /**
     * A cheap order-sensitive digest of the events (records' own hash codes; both engines build equal records). An
     * arrival counts by its time and request id: both engines write the input's own Request object, and hashing its
     * prompt arrays again (cold: 100k requests) was 8 % of the optimized run at 100k.
     */
    private static final class Digest implements Consumer<TraceEvent> {
        long value;

        @Override
        public void accept(TraceEvent e) {
            int h = e instanceof TraceEvent.Arrival a ? 31 * Long.hashCode(a.timeUs()) + Long.hashCode(a.request().id())
                    : e.hashCode();
            value = value * 31 + h;
        }
    }
}
