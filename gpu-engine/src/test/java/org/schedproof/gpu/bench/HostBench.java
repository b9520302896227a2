package org.schedproof.gpu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.gpu.core.FastEngine;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.trace.TraceEvent;

/**
 * Host scheduling speed, model off: the reference engine against the optimized one, same scheduler, on N requests
 * that all arrive at time 0 (so N wait at the first step and the queue drains from N to 0), each a 16-token system
 * prompt shared by its client (8 clients) plus 8 tokens of its own, generating 1 token; budget 512, 128 running.
 * Both runs must end alike (same steps and completions); the digest of every trace line is compared too.
 * Usage: HostBench [N ...] (default 1000 10000 100000); results go to gpu-engine/BENCHMARKS.md.
 */
public final class HostBench {
    private HostBench() {}

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {1000, 10_000, 100_000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        EngineConfig config = EngineConfig.defaults();
        run(config, "fcfs", 1000, false); // warm-up of both engines
        System.out.printf("%-6s %8s %7s %13s %13s %8s%n", "policy", "waiting", "steps", "reference ms", "optimized ms",
                "speedup");
        for (String policy : new String[] {"fcfs", "vtc"}) {
            for (int n : sizes) run(config, policy, n, true);
        }
    }

    private static void run(EngineConfig config, String policy, int n, boolean print) {
        List<Request> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int client = i % 8;
            requests.add(new Request(i, "c" + client, 0, new Prompt(new long[] {client, 1000L + i}, new int[] {16, 24}),
                    1));
        }
        Digest ref = new Digest();
        long t0 = System.nanoTime();
        TraceEvent.End a = new Engine(config, Schedulers.create(policy, "sarathi"), ref).run(requests, "bench", "none");
        long t1 = System.nanoTime();
        Digest fast = new Digest();
        TraceEvent.End b = new FastEngine(config, Schedulers.create(policy, "sarathi"), fast).run(requests, "bench", "none");
        long t2 = System.nanoTime();
        if (!a.equals(b) || ref.value != fast.value) {
            throw new IllegalStateException(policy + " at " + n + ": the engines disagree: " + a + " vs " + b);
        }
        if (print) {
            System.out.printf("%-6s %8d %7d %13.0f %13.0f %7.1fx%n", policy, n, a.steps(), (t1 - t0) / 1e6,
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
