package org.schedproof.gpu.bench;

import java.util.ArrayList;
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
 * shared by its client (8 clients) plus 8 tokens of its own, generating 1 to 4 tokens; budget 512, 128 running,
 * stall-free batching for the orderings. Both runs must end alike and give the same digest of every trace event.
 * Usage: HostBench [POLICY ...] [N ...] (default every policy, and ltr with starvation control on, at 1000 10000
 * 100000); results go to gpu-engine/BENCHMARKS.md.
 */
public final class HostBench {
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
        for (String a : args) {
            if (a.chars().allMatch(Character::isDigit)) sizes.add(Integer.parseInt(a));
            else names.add(a);
        }
        if (sizes.isEmpty()) sizes = List.of(1000, 10_000, 100_000);
        List<Case> cases = names.isEmpty() ? ALL : ALL.stream().filter(c -> names.contains(c.policy)).toList();
        EngineConfig config = EngineConfig.defaults();
        for (Case c : cases) run(config, c, 1000, false); // warm-up of both engines and every policy
        System.out.printf("%-22s %8s %8s %7s %13s %13s %8s%n", "policy", "indexed", "waiting", "steps", "reference ms",
                "optimized ms", "speedup");
        for (Case c : cases) {
            for (int n : sizes) run(config, c, n, true);
        }
    }

    private static void run(EngineConfig config, Case c, int n, boolean print) {
        List<Request> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int client = i % 8;
            requests.add(new Request(i, "c" + client, 0, new Prompt(new long[] {client, 1000L + i}, new int[] {16, 24}),
                    1 + i % 4));
        }
        Digest ref = new Digest();
        long t0 = System.nanoTime();
        TraceEvent.End a = new Engine(config, Schedulers.create(c.policy, "sarathi", c.options), ref)
                .run(requests, "bench", "none");
        long t1 = System.nanoTime();
        Digest fast = new Digest();
        TraceEvent.End b = new FastEngine(config, IndexedSchedulers.create(c.policy, "sarathi", c.options), fast)
                .run(requests, "bench", "none");
        long t2 = System.nanoTime();
        if (!a.equals(b) || ref.value != fast.value) {
            throw new IllegalStateException(c.label() + " at " + n + ": the engines disagree: " + a + " vs " + b);
        }
        if (print) {
            System.out.printf("%-22s %8s %8d %7d %13.0f %13.0f %7.1fx%n", c.label(),
                    IndexedSchedulers.isIndexed(c.policy) ? "yes" : "no", n, a.steps(), (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6, (double) (t1 - t0) / (t2 - t1));
        }
    }

    /** A cheap order-sensitive digest of the events (records' own hash codes; both engines build equal records). */
    private static final class Digest implements Consumer<TraceEvent> {
        long value;

        @Override
        public void accept(TraceEvent e) {
            value = value * 31 + e.hashCode();
        }
    }
}
