package org.schedproof.report.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.schedproof.report.html.Page;
import org.schedproof.report.html.Table;
import org.schedproof.report.html.Table.Cell;
import org.schedproof.spec.metrics.Distribution;
import org.schedproof.spec.metrics.Summary;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceReader;

/** The parts of the page about runs: a summary table of one or more runs, and one run's plots. */
public final class RunSection {
    private RunSection() {}

    /**
     * One streaming pass over a trace file (gzip or not); a malformed trace fails with its file, line and field.
     * Parsing runs on a thread of its own, handing batches of events over, so decoding and collecting share two
     * cores (a 360k-step trace is decode-bound).
     */
    public static RunSeries read(Path trace) throws IOException {
        RunSeries r = new RunSeries();
        BlockingQueue<List<TraceEvent>> queue = new ArrayBlockingQueue<>(16);
        List<TraceEvent> done = List.of();
        Throwable[] failure = new Throwable[1];
        Thread reader = new Thread(() -> {
            try (TraceReader in = TraceReader.open(trace)) {
                List<TraceEvent> batch = new ArrayList<>(BATCH);
                while (in.hasNext()) {
                    batch.add(in.next());
                    if (batch.size() == BATCH) {
                        queue.put(batch);
                        batch = new ArrayList<>(BATCH);
                    }
                }
                queue.put(batch);
            } catch (Throwable e) {
                failure[0] = e;
            } finally {
                try {
                    queue.put(done);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "trace-reader " + trace.getFileName());
        reader.setDaemon(true);
        reader.start();
        try {
            for (List<TraceEvent> batch = queue.take(); batch != done; batch = queue.take()) {
                for (TraceEvent e : batch) r.accept(e);
            }
            reader.join();
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + trace, e);
        }
        if (failure[0] instanceof IOException e) throw e;
        if (failure[0] instanceof RuntimeException e) throw e;
        if (failure[0] instanceof Error e) throw e;
        if (failure[0] != null) throw new IOException(failure[0]);
        return r;
    }

    private static final int BATCH = 1024;

    /** Metrics side by side, one column per run (spec/METRICS.md). */
    public static Table summary(List<String> labels, List<RunSeries> runs) {
        List<String> head = new ArrayList<>();
        head.add("metric");
        head.addAll(labels);
        Table t = new Table(head.toArray(String[]::new));
        List<Summary> s = runs.stream().map(RunSeries::summary).toList();
        row(t, "policy", s, Summary::policy, false);
        row(t, "parameters", runs, r -> new TreeMap<>(r.header().parameters()).toString(), false);
        row(t, "workload", s, Summary::workload, false);
        row(t, "engine", runs, r -> String.format(Locale.ROOT, "budget %d, %d blocks of %d, max running %d, model %s",
                r.header().engine().tokenBudget(), r.header().engine().numBlocks(), r.header().engine().blockSize(),
                r.header().engine().maxRunning(), r.header().engine().model().shape()), false);
        row(t, "end", s, x -> x.endReason() == null ? "(no end line: truncated)" : x.endReason(), false);
        row(t, "requests completed / arrived", s, x -> x.requestsCompleted() + " / " + x.requestsArrived(), true);
        row(t, "steps", s, x -> String.format(Locale.ROOT, "%,d", x.steps()), true);
        row(t, "virtual time (s)", s, x -> String.format(Locale.ROOT, "%,.3f", x.durationUs() / 1e6), true);
        row(t, "throughput (req/s, tokens/s)", s, x -> String.format(Locale.ROOT, "%.2f, %.1f",
                x.requestsPerSecond(), x.tokensPerSecond()), true);
        row(t, "TTFT p50 / p99 (ms)", s, x -> pct(x.ttftUs()), true);
        row(t, "TBT p50 / p99 (ms)", s, x -> pct(x.tbtUs()), true);
        row(t, "end-to-end p50 / p99 (ms)", s, x -> pct(x.e2eUs()), true);
        row(t, "prefix hit rate", s, x -> x.admittedTokens() == 0 ? "-"
                : String.format(Locale.ROOT, "%.2f%%", 100 * x.prefixHitRate()), true);
        row(t, "preemptions", s, x -> Long.toString(x.preemptions()), true);
        row(t, "violations", s, x -> x.violations() + (x.violationsByRule().isEmpty() ? ""
                : " " + x.violationsByRule()), true);
        row(t, "max service gap (METRICS.md 13)", s, x -> x.maxServiceGap().clientA() == null ? "-"
                : x.maxServiceGap().gap() + " (" + x.maxServiceGap().clientA() + " vs " + x.maxServiceGap().clientB()
                + ", steps [" + x.maxServiceGap().fromStep() + ", " + x.maxServiceGap().toStep() + "))", true);
        row(t, "Jain's index", s, x -> String.format(Locale.ROOT, "%.4f", x.jainIndex()), true);
        return t;
    }

    private static <T> void row(Table t, String name, List<T> items, Function<T, String> f, boolean num) {
        List<Cell> cells = new ArrayList<>();
        cells.add(Cell.text(name));
        for (T x : items) cells.add(num ? Cell.num(f.apply(x)) : Cell.text(f.apply(x)));
        t.row(cells.toArray(Cell[]::new));
    }

    private static String pct(Distribution d) {
        if (d.isEmpty()) return "-";
        return String.format(Locale.ROOT, "%,.1f / %,.1f", d.p50() / 1e3, d.p99() / 1e3);
    }

    /** Latency CDFs of several runs, one line per run. */
    public static void cdfs(Page page, String id, List<String> labels, List<RunSeries> runs) {
        page.figure(RunCharts.cdf(id + "-ttft", "Time to first token (TTFT), CDF", "TTFT", labels,
                runs.stream().map(r -> r.metrics().ttftSamples()).toList()));
        page.figure(RunCharts.cdf(id + "-tbt", "Time between tokens (TBT), CDF", "TBT", labels,
                runs.stream().map(r -> r.metrics().tbtSamples()).toList()));
        page.figure(RunCharts.cdf(id + "-e2e", "End-to-end latency, CDF", "end-to-end latency", labels,
                runs.stream().map(r -> r.metrics().e2eSamples()).toList()));
    }

    /** One run's plots; its latency CDFs too when {@code withCdfs}. */
    public static void figures(Page page, String id, String label, RunSeries r, boolean withCdfs) {
        if (r.steps() == 0) {
            page.note("This trace has no steps: nothing to plot.");
            return;
        }
        page.figure(RunCharts.service(id + "-service", r));
        if (r.clients().size() >= 2) page.figure(RunCharts.gap(id + "-gap", r));
        if (withCdfs) cdfs(page, id, List.of(label), List.of(r));
        page.figure(RunCharts.batch(id + "-batch", r));
        page.figure(RunCharts.kv(id + "-kv", r));
        page.figure(RunCharts.queue(id + "-queue", r));
    }

    /** The violations the steps listed, counted by rule (the checkers judge more: {@code schedproof check}). */
    public static void violations(Page page, RunSeries r) {
        Map<String, Long> v = r.summary().violationsByRule();
        if (v.isEmpty()) return;
        Table t = new Table("rule", "violations listed by steps");
        v.forEach((rule, n) -> t.row(Cell.text(rule), Cell.num(Long.toString(n))));
        page.table(t);
    }
}
