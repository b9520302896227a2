package org.schedproof.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.trace.TraceEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code schedproof bench}: wall time and peak heap of whole simulations (model off). Wall time is measured here, in a
 * benchmark, and never feeds a decision; the figures go to BENCHMARKS.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times whole simulations in model-off mode: load, engine run, and trace encoding to a "
                + "counting sink; prints wall time per repetition and the JVM's peak heap.",
                "Run it with the heap you want to prove, e.g. SCHEDPROOF_JAVA_OPTS=-Xmx1g ./schedproof bench ..."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = "--budget", defaultValue = "512", description = "Default: ${DEFAULT-VALUE}.")
    int budget;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed repetitions after one warm-up. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--check", paramLabel = "TRACE", description = "Instead of simulating, profile `schedproof check` "
            + "on TRACE: IO, JSON tokens, the reader, each checker's cost, the whole check; --repeat times.")
    java.nio.file.Path checkTrace;

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (checkTrace != null) return profileCheck(out);
        long t0 = System.nanoTime();
        Workload w = Workloads.load(run.workload);
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        EngineConfig config = EngineConfig.profile(run.profile).withTokenBudget(budget);
        out.printf("workload %s: %d requests, loaded in %d ms%n", w.name(), w.requests().size(), loadMs);
        long[] ms = new long[repeat];
        TraceEvent.End end = null;
        long bytes = 0;
        for (int i = -1; i < repeat; i++) {
            CountingSink sink = new CountingSink();
            long s = System.nanoTime();
            end = new Engine(config, Schedulers.create(run.policy, run.batching, run.params), sink).run(w.requests(), w.name(), w.digest());
            long elapsed = (System.nanoTime() - s) / 1_000_000;
            bytes = sink.bytes;
            if (i >= 0) ms[i] = elapsed;
            out.printf("%s run: %d ms, %d steps, %d completed, trace %d MB%n", i < 0 ? "warm-up" : "timed", elapsed,
                    end.steps(), end.completed(), bytes >> 20);
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        out.printf("%nwall ms: min %d, median %d, max %d (%d runs); simulated %.1f s; peak heap used %d MiB "
                + "(max heap %d MiB)%n", sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1], repeat,
                end.timeUs() / 1e6, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        return 0;
    }

    /** {@code --check}: where the time of a check goes, layer by layer and checker by checker (see CheckProfile). */
    private int profileCheck(PrintWriter out) throws java.io.IOException {
        for (int i = 0; i < Math.max(1, repeat); i++) {
            org.schedproof.invariants.CheckProfile.Result r = org.schedproof.invariants.CheckProfile.run(checkTrace);
            out.printf("run %d: %s, %d MB, %d lines%n", i + 1, checkTrace, r.bytes() >> 20, r.lines());
            for (var p : r.phases()) {
                out.printf("  %-58s %7d ms wall %7d ms cpu  %6.1f MB/s%n", p.name(), p.wallNs() / 1_000_000,
                        p.cpuNs() / 1_000_000, r.bytes() / 1e6 / (p.wallNs() / 1e9));
            }
            out.printf("  time inside each checker (ms, applicable ones; the shared replay is its own row):%n");
            r.checkerNs().entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> out.printf("    %-22s %7d%n", e.getKey(), e.getValue() / 1_000_000));
            out.flush();
        }
        return 0;
    }

    /** Encodes every event as its trace line and counts the bytes, so the benchmark includes serialization. */
    private static final class CountingSink implements java.util.function.Consumer<TraceEvent> {
        long bytes;

        @Override
        public void accept(TraceEvent e) {
            bytes += org.schedproof.spec.trace.TraceWriter.line(e).length() + 1;
        }
    }
}
