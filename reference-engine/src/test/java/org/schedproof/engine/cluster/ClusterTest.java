package org.schedproof.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.Batch;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceReader;
import org.schedproof.spec.trace.TraceWriter;

class ClusterTest {
    static final EngineConfig SMALL = EngineConfig.defaults().withBlocks(160, 16).withTokenBudget(128)
            .withMaxRunning(16).withWatermark(1);
    static final Workload SHARED = Workloads.load("gen:system-prompt?requests=120&clients=4&system=64&input=16..96"
            + "&output=4..24&qps=40&seed=5");

    @TempDir
    Path dir;

    static Cluster cluster(int workers, String router) {
        return new Cluster(SMALL, workers, i -> Schedulers.create("fcfs", "sarathi"), Routers.create(router, Map.of()));
    }

    @Test
    void sameInputsGiveByteIdenticalWorkerTraces() throws IOException {
        for (String router : List.of("round-robin", "least-loaded", "cache-aware")) {
            cluster(3, router).run(SHARED.requests(), SHARED.name(), SHARED.digest(), dir.resolve(router + "-a"));
            cluster(3, router).run(SHARED.requests(), SHARED.name(), SHARED.digest(), dir.resolve(router + "-b"));
            for (int w = 0; w < 3; w++) {
                Path a = dir.resolve(router + "-a/worker-" + w + ".jsonl");
                Path b = dir.resolve(router + "-b/worker-" + w + ".jsonl");
                assertThat(Files.mismatch(a, b)).as("%s worker %d", router, w).isEqualTo(-1L);
            }
        }
    }

    @Test
    void oneWorkerWritesTheLoneEnginesTrace() throws IOException {
        cluster(1, "least-loaded").run(SHARED.requests(), SHARED.name(), SHARED.digest(), dir);
        List<TraceEvent> lone = new ArrayList<>();
        new Engine(SMALL, Schedulers.create("fcfs", "sarathi"), lone::add).run(SHARED.requests(), SHARED.name(),
                SHARED.digest());
        // The header differs only in the workload's name; the body is the same, line for line.
        assertThat(body(TraceReader.readAll(dir.resolve("worker-0.jsonl")))).isEqualTo(body(lone));
    }

    @Test
    void eachWorkerRunsAsALoneEngineOnTheRequestsItGot() throws IOException {
        Cluster.Result r = cluster(3, "cache-aware").run(SHARED.requests(), SHARED.name(), SHARED.digest(), dir);
        long routed = 0;
        for (Cluster.WorkerResult w : r.workers()) {
            List<TraceEvent> events = TraceReader.readAll(w.trace());
            List<Request> got = events.stream().filter(e -> e instanceof TraceEvent.Arrival)
                    .map(e -> ((TraceEvent.Arrival) e).request()).toList();
            TraceEvent.Header h = (TraceEvent.Header) events.get(0);
            assertThat(h.requests()).isEqualTo(got.size());
            assertThat(h.workloadDigest()).isEqualTo(Workload.digestOf(got));
            assertThat(h.workload()).isEqualTo(SHARED.name() + "#worker-" + w.index());
            List<TraceEvent> lone = new ArrayList<>();
            new Engine(SMALL, Schedulers.create("fcfs", "sarathi"), lone::add).run(got, "x", "x");
            assertThat(body(events)).as("worker %d", w.index()).isEqualTo(body(lone));
            // Canonical: re-writing what was read gives the same bytes.
            assertThat(TraceWriter.toBytes(events)).isEqualTo(Files.readAllBytes(w.trace()));
            routed += got.size();
        }
        assertThat(routed).isEqualTo(SHARED.size());
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("worker-0.jsonl", "worker-1.jsonl", "worker-2.jsonl");
    }

    @Test
    void theMergedSummaryCoversTheWholeCluster() {
        List<TraceEvent> merged = new ArrayList<>();
        Cluster.Result r = cluster(4, "round-robin").run(SHARED.requests(), SHARED.name(), SHARED.digest(), dir,
                merged::add);
        assertThat(r.clean()).isTrue();
        assertThat(r.summary().requestsArrived()).isEqualTo(SHARED.size());
        assertThat(r.summary().requestsCompleted()).isEqualTo(SHARED.size());
        assertThat(r.summary().policy()).isEqualTo("round-robin:fcfs/sarathi");
        long steps = r.workers().stream().mapToLong(w -> w.end().steps()).sum();
        assertThat(r.summary().steps()).isEqualTo(steps);
        long hits = r.workers().stream().mapToLong(w -> w.summary().hitTokens()).sum();
        assertThat(r.summary().hitTokens()).isEqualTo(hits);
        // Round robin: 120 requests over 4 workers, 30 each.
        assertThat(r.workers()).allMatch(w -> w.summary().requestsArrived() == 30);
        // Merged steps are numbered 0.. in the order the cluster ran them, which is non-decreasing start time.
        List<TraceEvent.Step> s = merged.stream().filter(e -> e instanceof TraceEvent.Step)
                .map(e -> (TraceEvent.Step) e).toList();
        for (int i = 0; i < s.size(); i++) {
            assertThat(s.get(i).index()).isEqualTo(i);
            if (i > 0) assertThat(s.get(i).startUs()).isGreaterThanOrEqualTo(s.get(i - 1).startUs());
        }
        assertThat(merged.get(0)).isInstanceOf(TraceEvent.Header.class);
        assertThat(((TraceEvent.End) merged.get(merged.size() - 1)).completed()).isEqualTo(SHARED.size());
    }

    @Test
    void aFailingWorkerStopsTheClusterWithAVerdict() {
        Scheduler broken = new Scheduler() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Batch schedule(EngineView view) {
                throw new IllegalStateException("boom");
            }
        };
        Cluster c = new Cluster(SMALL, 2, i -> i == 1 ? broken : Schedulers.create("fcfs", "sarathi"),
                new RoundRobin());
        Cluster.Result r = c.run(SHARED.requests(), SHARED.name(), SHARED.digest(), dir);
        assertThat(r.clean()).isFalse();
        assertThat(r.workers().get(1).end().reason()).isEqualTo("scheduler-error");
        // Request 0 went to worker 0, request 1 to worker 1, which failed on its first step.
        assertThat(r.workers().get(0).end().reason()).isIn(Engine.INTERRUPTED, TraceEvent.End.DONE);
        assertThat(r.summary().endReason()).isEqualTo("scheduler-error");
        assertThat(r.summary().requestsArrived()).isLessThan(SHARED.size());
    }

    private static List<String> body(List<TraceEvent> events) {
        return events.subList(1, events.size()).stream().map(TraceWriter::line).toList();
    }
}
