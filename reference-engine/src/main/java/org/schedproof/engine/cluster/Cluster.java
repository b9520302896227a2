package org.schedproof.engine.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.schedproof.engine.core.Engine;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.metrics.MetricsCollector;
import org.schedproof.spec.metrics.Summary;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;

/**
 * W reference engines with the same configuration on one virtual clock behind a {@link Router} (DESIGN.md section 4;
 * ALGORITHMS.md 2.7). Requests arrive at the cluster; the router picks a worker for each at its arrival; each worker
 * runs its own scheduler and writes its own trace. The cluster always handles the earliest next event: an arrival,
 * or the next iteration of a worker with work (which starts at that worker's clock). Ties: arrivals first, in
 * (arrival, id) order, so a request is visible to an iteration starting at its arrival time; then workers by index.
 * So a run is a pure function of (config, W, schedulers, router, requests).
 *
 * <p>A worker whose scheduler asks for nothing while nothing runs there waits for the next arrival at the cluster
 * (routed to any worker), then asks again. When a worker's run stops (scheduler error, liveness), the cluster
 * stops: the other workers end {@link Engine#INTERRUPTED} if they still hold requests, and later requests are
 * never routed.
 */
public final class Cluster {
    private final EngineConfig config;
    private final int size;
    private final IntFunction<Scheduler> schedulers;
    private final Router router;

    /**
     * What one worker did: its trace file, its end line, its own metrics, the virtual time it spent stepping, and the
     * positions it computed (prefill chunks and decodes, the work the prefix cache did not save).
     */
    public record WorkerResult(int index, Path trace, TraceEvent.End end, Summary summary, long busyUs,
                               long computedTokens) {}

    /** The run: the metrics of the whole cluster (one merged stream, see {@link #run}) and each worker's result. */
    public record Result(Summary summary, List<WorkerResult> workers) {
        public Result {
            workers = List.copyOf(workers);
        }

        /**
         * Load imbalance: the most positions one worker computed over the mean (1 when perfectly balanced, W when one
         * worker did everything; 1 when nothing ran).
         */
        public double imbalance() {
            long max = 0;
            long sum = 0;
            for (WorkerResult w : workers) {
                max = Math.max(max, w.computedTokens());
                sum += w.computedTokens();
            }
            return sum == 0 ? 1 : (double) max * workers.size() / sum;
        }

        /** One row per worker: requests routed, steps, busy time, positions computed, prefix hit rate, TTFT p50, end. */
        public String workerTable() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-6s %8s %8s %12s %10s %9s %12s  %s%n",
                    "worker", "requests", "steps", "busy ms", "computed", "hit rate", "TTFT p50 us", "end"));
            for (WorkerResult w : workers) {
                Summary s = w.summary();
                out.append(String.format(Locale.ROOT, "%-6d %8d %8d %12.3f %10d %8.2f%% %12s  %s%n", w.index(),
                        s.requestsArrived(), s.steps(), w.busyUs() / 1000.0, w.computedTokens(),
                        100 * s.prefixHitRate(), s.ttftUs().isEmpty() ? "-" : Long.toString(s.ttftUs().p50()),
                        w.end().reason()));
            }
            out.append(String.format(Locale.ROOT, "imbalance %.3f (most positions computed by one worker over the "
                    + "mean)%n", imbalance()));
            return out.toString();
        }

        /** Whether every worker finished its requests with no violation recorded. */
        public boolean clean() {
            return workers.stream().allMatch(w -> w.end().reason().equals(TraceEvent.End.DONE)
                    && w.end().violations() == 0);
        }
    }

    /** {@code schedulers.apply(i)} gives worker i's scheduler, a fresh instance for each worker. */
    public Cluster(EngineConfig config, int workers, IntFunction<Scheduler> schedulers, Router router) {
        if (workers < 1) throw new IllegalArgumentException("a cluster needs at least 1 worker, got " + workers);
        this.config = config;
        this.size = workers;
        this.schedulers = schedulers;
        this.router = router;
    }

    /** Runs without an observer of the merged stream. */
    public Result run(List<Request> requests, String workloadName, String workloadDigest, Path dir) {
        return run(requests, workloadName, workloadDigest, dir, e -> {});
    }

    /**
     * Runs the workload to the end, writing {@code dir/worker-i.jsonl} for each worker. {@code merged} receives the
     * cluster as one stream, in the order events happen: a header for the whole workload (policy
     * {@code router:policy}), every arrival, every worker's steps renumbered 0, 1, ... in cluster order,
     * completions, and an end line; the cluster summary is the metrics of that stream.
     */
    //@ requires requests != null && dir != null;
    //@ ensures \result.workers().size() == size;
    public Result run(List<Request> requests, String workloadName, String workloadDigest, Path dir,
                      Consumer<TraceEvent> merged) {
        List<Request> order = new ArrayList<>(requests);
        order.sort(Request::byArrival);
        Engine.checkFits(config, order);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        MetricsCollector metrics = new MetricsCollector();
        Consumer<TraceEvent> out = metrics.andThen(merged);
        long[] clusterStep = {0};
        Consumer<TraceEvent> renumbering = e -> out.accept(e instanceof TraceEvent.Step s
                ? renumbered(s, clusterStep[0]++) : e);
        List<Worker> workers = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            workers.add(new Worker(i, config, schedulers.apply(i), dir, renumbering));
        }
        Scheduler first = workers.get(0).scheduler();
        out.accept(new TraceEvent.Header(TraceEvent.SCHEMA, config, router.name() + ":" + first.name(),
                parameters(first), workloadName, order.size(), workloadDigest));
        int next = 0;
        boolean stopped = false;
        while (!stopped) {
            long arrival = next < order.size() ? order.get(next).arrivalUs() : Engine.NO_ARRIVAL;
            Worker due = null;
            for (Worker w : workers) {
                if (w.hasWork() && (due == null || w.now() < due.now())) due = w;
            }
            if (arrival != Engine.NO_ARRIVAL && (due == null || arrival <= due.now())) {
                Request r = order.get(next++);
                int k = router.route(r, workers);
                if (k < 0 || k >= size) {
                    throw new IllegalStateException("router " + router.name() + " chose worker " + k + " of " + size
                            + " for request " + r.id());
                }
                workers.get(k).arrive(r);
            } else if (due != null) {
                stopped = !due.step(arrival);
            } else {
                break;
            }
        }
        List<WorkerResult> results = new ArrayList<>(size);
        long steps = 0;
        long completed = 0;
        long violations = 0;
        long end = 0;
        String reason = TraceEvent.End.DONE;
        for (Worker w : workers) {
            WorkerResult r = w.finish(workloadName);
            results.add(r);
            steps += r.end().steps();
            completed += r.end().completed();
            violations += r.end().violations();
            end = Math.max(end, r.end().timeUs());
            if (reason.equals(TraceEvent.End.DONE) && !r.end().reason().equals(Engine.INTERRUPTED)) {
                reason = r.end().reason();
            }
        }
        if (reason.equals(TraceEvent.End.DONE) && next < order.size()) reason = Engine.INTERRUPTED;
        out.accept(new TraceEvent.End(reason, end, steps, completed, violations));
        return new Result(metrics.summary(), results);
    }

    private Map<String, String> parameters(Scheduler s) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("workers", Integer.toString(size));
        router.parameters().forEach((k, v) -> p.put("router." + k, v));
        p.putAll(s.parameters());
        return p;
    }

    private static TraceEvent.Step renumbered(TraceEvent.Step s, long index) {
        return new TraceEvent.Step(index, s.startUs(), s.durationUs(), s.preempted(), s.offloaded(), s.prefetched(),
                s.slices(), s.rejected(), s.hits(), s.evictedBlocks(), s.emitted(), s.finished(), s.kvUsedBlocks(),
                s.violations(), s.witness());
    }
}
