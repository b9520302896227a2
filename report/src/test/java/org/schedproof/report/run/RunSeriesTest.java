package org.schedproof.report.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.report.Runs;
import org.schedproof.spec.Request;
import org.schedproof.spec.metrics.Summary;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceReader;

/** The series the report plots agree with MetricsCollector (an independent implementation) and with the bounds. */
class RunSeriesTest {
    private RunSeries run(String policy) throws IOException {
        return RunSection.read(Runs.cached(policy, Runs.WORKLOAD).resolve("trace.jsonl"));
    }

    @Test
    void columnsSumToTheSummaryTotals() throws IOException {
        RunSeries r = run("fcfs");
        Summary s = r.summary();
        assertThat(r.steps()).isEqualTo(s.steps());
        assertThat(r.preempted.sum()).isEqualTo(s.preemptions()).isPositive();
        assertThat(r.hitTokens.sum()).isEqualTo(s.hitTokens());
        assertThat(r.admittedTokens.sum()).isEqualTo(s.admittedTokens());
        assertThat(r.decodeTokens.sum()).isLessThanOrEqualTo(s.tokensEmitted());
        // queue: nothing waits or runs after the last step of a finished run
        assertThat(r.waiting.get(r.steps() - 1)).isZero();
        assertThat(r.running.get(r.steps() - 1)).isZero();
        // the last service snapshot is the summary's service totals, client by client
        int last = r.snapshotTimes().size() - 1;
        List<String> clients = r.clients();
        for (int c = 0; c < clients.size(); c++) {
            assertThat(r.service(last, c)).as(clients.get(c)).isEqualTo(s.serviceByClient().get(clients.get(c)));
        }
        assertThat(r.snapshotTimes().get(last)).isEqualTo(s.endUs());
    }

    @Test
    void tokensPerStepAreTheSlicesLengths() throws IOException {
        Path trace = Runs.cached("fcfs", Runs.WORKLOAD).resolve("trace.jsonl");
        RunSeries r = RunSection.read(trace);
        long[] sliced = new long[r.steps()];
        TraceReader.forEach(trace, e -> {
            if (e instanceof TraceEvent.Step s && !s.rejected()) {
                sliced[(int) s.index()] = s.slices().stream().mapToLong(x -> x.length()).sum();
            }
        });
        for (int k = 0; k < r.steps(); k++) {
            assertThat(r.prefillTokens.get(k) + r.decodeTokens.get(k)).as("step " + k).isEqualTo(sliced[k]);
            assertThat(r.prefillTokens.get(k) + r.decodeTokens.get(k)).isLessThanOrEqualTo(Runs.config().tokenBudget());
        }
    }

    /** METRICS.md 13 (backlog at each step's start): the largest value of the gap column is the summary's. */
    @Test
    void gapSeriesPeaksAtTheMetricsMaximumServiceGap() throws IOException {
        for (String policy : List.of("fcfs", "dlpm", "lpm")) {
            RunSeries r = run(policy);
            assertThat(r.bound().continuous()).isFalse();
            assertThat(r.gap.max()).as(policy).isEqualTo(r.summary().maxServiceGap().gap()).isPositive();
        }
    }

    /** FAIRNESS.md 3.7 and 2.4: the gap never exceeds the bound drawn for it, and the bound has its floor. */
    @Test
    void gapStaysUnderTheProvedBounds() throws IOException {
        long longestPrompt = Workloads.load(Runs.WORKLOAD).requests().stream().mapToLong(Request::promptLength).max()
                .orElseThrow();
        RunSeries dlpm = run("dlpm");
        assertThat(dlpm.bound().kind()).isEqualTo(FairnessBound.Kind.DLPM);
        assertThat(dlpm.gapBound.size()).isEqualTo(dlpm.steps());
        long last = dlpm.gapBound.get(dlpm.steps() - 1);
        assertThat(last).isGreaterThanOrEqualTo(2 * (2048 + longestPrompt - 1));
        RunSeries vtc = run("vtc");
        assertThat(vtc.bound().kind()).isEqualTo(FairnessBound.Kind.VTC);
        assertThat(vtc.gap.max()).as("vtc gap").isPositive();
        for (RunSeries r : List.of(dlpm, vtc)) {
            for (int k = 0; k < r.steps(); k++) {
                assertThat(r.gap.get(k)).as(r.header().policy() + " step " + k).isLessThanOrEqualTo(r.gapBound.get(k));
                if (k > 0) assertThat(r.gapBound.get(k)).isGreaterThanOrEqualTo(r.gapBound.get(k - 1));
            }
        }
    }

    @Test
    void longRunsKeepAtMostTheSnapshotCapAndTheirEnd() throws IOException {
        RunSeries r = RunSection.read(Runs.cached("fcfs", "gen:poisson?requests=400&clients=3&qps=40&seed=5")
                .resolve("trace.jsonl"));
        assertThat(r.steps()).isGreaterThan(RunSeries.MAX_SNAPSHOTS);
        assertThat(r.snapshotTimes().size()).isLessThanOrEqualTo(RunSeries.MAX_SNAPSHOTS);
        assertThat(r.snapshotStride()).isGreaterThan(1);
        for (int i = 1; i < r.snapshotTimes().size(); i++) {
            assertThat(r.snapshotTimes().get(i)).isGreaterThan(r.snapshotTimes().get(i - 1));
        }
        assertThat(r.snapshotTimes().get(r.snapshotTimes().size() - 1)).isEqualTo(r.end().timeUs());
    }

    @Test
    void boundsFollowTheHeadersParameters() {
        assertThat(bound("vtc", Map.of("ordering", "vtc", "lift", "paper", "output-charge", "once", "weights", ""))
                .kind()).isEqualTo(FairnessBound.Kind.VTC);
        assertThat(bound("vtc", Map.of("ordering", "vtc", "lift", "artifact", "output-charge", "once")).drawn())
                .isFalse();
        assertThat(bound("vtc", Map.of("ordering", "vtc", "lift", "paper", "output-charge", "once",
                "weights", "a:2")).drawn()).isFalse();
        FairnessBound d = bound("dlpm", Map.of("ordering", "dlpm", "quantum", "512", "input-price", "3",
                "output-price", "5", "charge", "uncached"));
        assertThat(d.kind()).isEqualTo(FairnessBound.Kind.DLPM);
        assertThat(List.of(d.quantum(), d.inputPrice(), d.outputPrice())).containsExactly(512L, 3L, 5L);
        assertThat(bound("dlpm", Map.of("ordering", "dlpm", "charge", "full-prompt")).drawn()).isFalse();
        assertThat(bound("dlpm", Map.of("ordering", "dlpm", "deficits", "shared")).why()).contains("D²LPM");
        assertThat(bound("fcfs", Map.of("ordering", "fcfs")).drawn()).isFalse();
        assertThat(bound("lcf", Map.of("ordering", "lcf")).why()).contains("no bound");
    }

    private static FairnessBound bound(String policy, Map<String, String> params) {
        return FairnessBound.of(new TraceEvent.Header(TraceEvent.SCHEMA, Runs.config(), policy + "/sarathi", params,
                "w", 0, "sha256:0"));
    }
}
