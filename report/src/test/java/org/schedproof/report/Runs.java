package org.schedproof.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.cluster.Cluster;
import org.schedproof.engine.cluster.Router;
import org.schedproof.engine.cluster.Routers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.trace.TraceWriter;

/** Small reference runs written as simulate writes them, for the report's tests. */
public final class Runs {
    /** An overloaded four-client workload: clients stay backlogged together, the pool preempts. */
    public static final String WORKLOAD = "gen:poisson?requests=160&clients=4&qps=25&seed=3";

    private static final Map<String, Path> CACHE = new ConcurrentHashMap<>();
    private static Path cacheDir;

    private Runs() {}

    /**
     * simulate's output for {@code policy} on {@code workload}, run once per test JVM (the runs are deterministic, so
     * every test that asks gets the same trace); read-only, deleted when the JVM exits.
     */
    public static synchronized Path cached(String policy, String workload) {
        return CACHE.computeIfAbsent(policy + " " + workload, k -> {
            try {
                if (cacheDir == null) {
                    cacheDir = Files.createTempDirectory("report-runs");
                    Path root = cacheDir;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
                }
                return simulate(cacheDir.resolve(Integer.toString(CACHE.size())), policy, workload);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void delete(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder
        }
    }

    public static EngineConfig config() {
        return EngineConfig.profile("a100-llama2-7b").withBlocks(400, 16).withWatermark(4).withTokenBudget(256);
    }

    /** simulate's output for {@code policy}: DIR/trace.jsonl. */
    public static Path simulate(Path dir, String policy, String workload) {
        Workload w = Workloads.load(workload);
        try {
            Files.createDirectories(dir);
            try (TraceWriter t = TraceWriter.open(dir.resolve("trace.jsonl"))) {
                new Engine(config(), Schedulers.create(policy, "sarathi", Map.of()), t::write)
                        .run(w.requests(), w.name(), w.digest());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** simulate --workers 2: DIR/worker-0.jsonl, DIR/worker-1.jsonl. */
    public static Path cluster(Path dir, String workload) {
        Workload w = Workloads.load(workload);
        Router r = Routers.create("least-loaded", Map.of());
        new Cluster(config(), 2, Routers.schedulers(r, "fcfs", "sarathi", Map.of()), r)
                .run(w.requests(), w.name(), w.digest(), dir);
        return dir;
    }
}
