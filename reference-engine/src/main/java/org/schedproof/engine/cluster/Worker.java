package org.schedproof.engine.cluster;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.metrics.MetricsCollector;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;

/**
 * One engine of a cluster and the trace it writes. The trace's header counts and digests the requests this worker
 * got, known only at the end, so the body is spooled to {@code worker-i.jsonl.part} and the header put before it
 * then; the workload it names is the cluster's with {@code #worker-i} appended.
 */
final class Worker implements Router.WorkerView {
    private final int index;
    private final Scheduler scheduler;
    private final Engine engine;
    private final Path trace;
    private final Path part;
    private final BufferedWriter body;
    private final MetricsCollector metrics = new MetricsCollector();
    private final List<Request> routed = new ArrayList<>();
    private long busyUs;
    private long computed;

    Worker(int index, EngineConfig config, Scheduler scheduler, Path dir, Consumer<TraceEvent> merged) {
        this.index = index;
        this.scheduler = scheduler;
        this.trace = dir.resolve("worker-" + index + ".jsonl");
        this.part = dir.resolve("worker-" + index + ".jsonl.part");
        try {
            this.body = Files.newBufferedWriter(part, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + part, e);
        }
        this.engine = new Engine(config, scheduler, e -> {
            write(e);
            metrics.accept(e);
            if (e instanceof TraceEvent.Step s) {
                busyUs += s.durationUs();
                if (!s.rejected()) for (Slice x : s.slices()) computed += x.length();
            }
            if (!(e instanceof TraceEvent.End)) merged.accept(e);
        });
    }

    Scheduler scheduler() {
        return scheduler;
    }

    long now() {
        return engine.now();
    }

    boolean hasWork() {
        return engine.hasWork();
    }

    /** One iteration; false when this worker's run must stop (see {@link Engine#step}). */
    boolean step(long nextArrivalUs) {
        return engine.step(nextArrivalUs);
    }

    void arrive(Request r) {
        routed.add(r);
        engine.arrive(r);
    }

    /** Ends the run and writes the whole trace, header first; the result for this worker. */
    Cluster.WorkerResult finish(String workloadName) {
        TraceEvent.End end = engine.end();
        TraceEvent.Header header = engine.header(workloadName + "#worker-" + index, routed.size(),
                Workload.digestOf(routed));
        metrics.accept(header);
        try {
            body.close();
            try (OutputStream out = Files.newOutputStream(trace)) {
                out.write((TraceWriter.line(header) + "\n").getBytes(StandardCharsets.UTF_8));
                Files.copy(part, out);
            }
            Files.delete(part);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + trace, e);
        }
        return new Cluster.WorkerResult(index, trace, end, metrics.summary(), busyUs, computed);
    }

    private void write(TraceEvent e) {
        try {
            body.write(TraceWriter.line(e));
            body.write('\n');
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write " + part, x);
        }
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public EngineView engine() {
        return engine.view();
    }

    @Override
    public long outstandingTokens() {
        long sum = 0;
        for (RequestView r : engine.view().waiting()) sum += outstanding(r);
        for (RequestView r : engine.view().running()) sum += outstanding(r);
        for (RequestView r : engine.view().offloaded()) sum += outstanding(r);
        return sum;
    }

    private static long outstanding(RequestView r) {
        return (long) r.pending() + r.request().maxNewTokens() - r.generated() - 1;
    }

    @Override
    public int cachedPrefixTokens(Request request) {
        return engine.prefixMatchTokens(request);
    }
}
