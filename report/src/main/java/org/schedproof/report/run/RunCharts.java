package org.schedproof.report.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.awt.Rectangle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.schedproof.report.chart.Buckets;
import org.schedproof.report.chart.Charts;
import org.schedproof.report.chart.Figure;
import org.schedproof.report.chart.Palette;

/** The plots of one run (one trace), built from its {@link RunSeries}. */
public final class RunCharts {
    /** The most clients drawn in one service plot: the most and the least served halves. */
    public static final int MAX_CLIENTS = 8;

    private RunCharts() {}

    private static double sec(long us) {
        return us / 1e6;
    }

    /** Cumulative service per client over virtual time, with the bound as a band below the most-served client. */
    public static Figure service(String id, RunSeries r) {
        List<String> names = r.clients();
        int snaps = r.snapshotTimes().size();
        List<Integer> shown = clientsShown(r);
        XYSeriesCollection lines = new XYSeriesCollection();
        for (int c : shown) {
            XYSeries s = new XYSeries(names.get(c), false, true);
            for (int i = 0; i < snaps; i++) s.add(sec(r.snapshotTimes().get(i)), r.service(i, c));
            lines.addSeries(s);
        }
        XYPlot plot = Charts.plot(Charts.axis("virtual time (s)", true),
                Charts.axis("cumulative service (weighted tokens)", true));
        plot.setDataset(0, lines);
        plot.setRenderer(0, Charts.paletteLines(shown.size()));
        List<String> notes = new ArrayList<>();
        FairnessBound b = r.bound();
        if (b.drawn() && names.size() >= 2 && r.gapBound.size() > 0) {
            YIntervalSeries band = new YIntervalSeries("within the bound of the most-served client");
            int step = 0;
            for (int i = 0; i < snaps; i++) {
                long t = r.snapshotTimes().get(i);
                while (step + 1 < r.steps() && r.endUs.get(step) < t) step++;
                long top = 0;
                for (int c = 0; c < names.size(); c++) top = Math.max(top, r.service(i, c));
                long bound = r.gapBound.get(Math.min(step, r.gapBound.size() - 1));
                band.add(sec(t), top, Math.max(0, top - bound), top);
            }
            YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
            bands.addSeries(band);
            DeviationRenderer dr = new DeviationRenderer(false, false);
            dr.setSeriesFillPaint(0, Palette.SKY);
            dr.setSeriesPaint(0, Palette.SKY);
            dr.setAlpha(0.25f);
            plot.setDataset(1, bands);
            plot.setRenderer(1, dr);
            LegendItemCollection legend = new LegendItemCollection();
            legend.addAll(plot.getRenderer(0).getLegendItems());
            legend.add(new LegendItem(band.getKey().toString(), null, null, null, new Rectangle(-8, -5, 16, 10),
                    Palette.translucent(Palette.SKY, 64)));
            plot.setFixedLegendItems(legend);
            notes.add("band: the proved bound " + b.kind() + " below the most-served client; the bound holds over "
                    + "intervals where both clients are backlogged (see the gap plot)");
        }
        if (shown.size() < names.size()) {
            notes.add(String.format(Locale.ROOT, "%d of %d clients drawn: the %d most and %d least served",
                    shown.size(), names.size(), (shown.size() + 1) / 2, shown.size() / 2));
        }
        if (r.snapshotStride() > 1) {
            notes.add(String.format(Locale.ROOT, "downsampled: one point every %,d steps (%,d steps)",
                    r.snapshotStride(), r.steps()));
        }
        JFreeChart chart = Charts.chart("Cumulative service per client", plot, true, notes);
        return Figure.of(id, chart, "Service (spec/METRICS.md 12): w_p = " + b.inputPrice() + " per prompt position "
                + "computed plus w_q = " + b.outputPrice() + " per token emitted, summed over the client's requests. "
                + (b.drawn() ? "Bound: " + b.formula() + " (" + b.source() + ")." : "No band: " + b.why() + "."));
    }

    /** The widest current service gap between backlogged clients after each step, against the bound. */
    public static Figure gap(String id, RunSeries r) {
        Buckets k = Buckets.of(r.steps());
        FairnessBound b = r.bound();
        XYSeries gap = new XYSeries("widest service gap (max per bucket)", false, true);
        XYSeries bound = new XYSeries("bound", false, true);
        for (int i = 0; i < k.count(); i++) {
            long g = 0;
            long bd = 0;
            for (int s = k.from(i); s < k.to(i); s++) {
                g = Math.max(g, r.gap.get(s));
                if (b.drawn()) bd = Math.max(bd, r.gapBound.get(s));
            }
            double x = sec(r.endUs.get(k.to(i) - 1));
            gap.add(x, g);
            if (b.drawn()) bound.add(x, bd);
        }
        XYPlot plot = Charts.plot(Charts.axis("virtual time (s)", true),
                Charts.axis("service gap (weighted tokens)", true));
        XYSeriesCollection data = new XYSeriesCollection(gap);
        plot.setDataset(0, data);
        plot.setRenderer(0, Charts.lines(Palette.VERMILLION));
        if (b.drawn()) {
            plot.setDataset(1, new XYSeriesCollection(bound));
            XYLineAndShapeRenderer br = Charts.lines(Palette.BLACK);
            br.setSeriesStroke(0, Charts.DASHED);
            plot.setRenderer(1, br);
        }
        List<String> notes = new ArrayList<>();
        notes.add(b.continuous() ? "pairs continuously backlogged (waiting at the step's start and after its "
                + "admissions; FAIRNESS.md 1)" : "pairs backlogged at each step's start (METRICS.md 13)");
        String n = k.note("the largest value");
        if (n != null) notes.add(n);
        long max = r.gap.max();
        JFreeChart chart = Charts.chart("Service gap between backlogged clients", plot, true, notes);
        return Figure.of(id, chart, "At each step: over every pair of clients backlogged through it, the largest "
                + "|W_f[i, j) − W_g[i, j)| of an interval [i, j) inside their current joint backlog that ends there. "
                + "Largest over the run: " + max + (b.drawn() ? "; bound " + b.formula() + " (" + b.source() + ")."
                : ". No bound: " + b.why() + "."));
    }

    /** A latency CDF, one line per labelled sample set, on a log time axis. */
    public static Figure cdf(String id, String title, String metric, List<String> labels, List<long[]> samples) {
        XYSeriesCollection data = new XYSeriesCollection();
        boolean thinned = false;
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int i = 0; i < labels.size(); i++) {
            long[] v = samples.get(i).clone();
            Arrays.sort(v);
            XYSeries s = new XYSeries(labels.get(i) + " (n = " + v.length + ")", false, true);
            int points = Math.min(v.length, 1000);
            thinned |= points < v.length;
            for (int q = 0; q < points; q++) {
                int idx = points == v.length ? q : (int) ((long) q * (v.length - 1) / (points - 1));
                s.add(Math.max(1, v[idx]) / 1e3, 100.0 * (idx + 1) / v.length);
            }
            if (v.length > 0) {
                lo = Math.min(lo, Math.max(1, v[0]) / 1e3);
                hi = Math.max(hi, Math.max(1, v[v.length - 1]) / 1e3);
            }
            data.addSeries(s);
        }
        NumberAxis y = Charts.axis("fraction of samples (%)", true);
        y.setRange(0, 100.5);
        XYPlot plot = Charts.plot(Charts.latencyAxis(metric, lo, hi), y);
        plot.setDataset(data);
        plot.setRenderer(Charts.paletteLines(labels.size()));
        List<String> notes = thinned ? List.of("downsampled: each line drawn through at most 1,000 of its sorted "
                + "samples (every quantile step kept, nothing averaged)") : List.of();
        return Figure.of(id, Charts.chart(title, plot, true, notes), 360,
                "Empirical CDF: the share of samples at or below each value (spec/METRICS.md, "
                        + "via MetricsCollector).");
    }

    /** Prefill and decode tokens per step, stacked, with the token budget and the steps that preempted. */
    public static Figure batch(String id, RunSeries r) {
        Buckets k = Buckets.of(r.steps());
        DefaultTableXYDataset stack = new DefaultTableXYDataset();
        XYSeries prefill = new XYSeries("prefill tokens", false, false);
        XYSeries decode = new XYSeries("decode tokens", false, false);
        XYSeries preempt = new XYSeries("preemptions", false, true);
        XYSeries budget = new XYSeries("token budget", false, true);
        long budgetTokens = r.header().engine().tokenBudget();
        long preemptions = 0;
        for (int i = 0; i < k.count(); i++) {
            double p = 0;
            double d = 0;
            long pre = 0;
            for (int s = k.from(i); s < k.to(i); s++) {
                p += r.prefillTokens.get(s);
                d += r.decodeTokens.get(s);
                pre += r.preempted.get(s);
            }
            int len = k.to(i) - k.from(i);
            prefill.add(k.from(i), p / len);
            decode.add(k.from(i), d / len);
            if (pre > 0) preempt.add(k.from(i), budgetTokens * 1.04);
            preemptions += pre;
        }
        budget.add(0, budgetTokens);
        budget.add(Math.max(1, r.steps() - 1), budgetTokens);
        stack.addSeries(prefill);
        stack.addSeries(decode);
        XYPlot plot = Charts.plot(Charts.axis("step", false), Charts.axis("tokens in the batch", true));
        StackedXYAreaRenderer2 area = new StackedXYAreaRenderer2();
        area.setSeriesPaint(0, Palette.BLUE);
        area.setSeriesPaint(1, Palette.ORANGE);
        plot.setDataset(0, new XYSeriesCollection(budget));
        XYLineAndShapeRenderer br = Charts.lines(Palette.BLACK);
        br.setSeriesStroke(0, Charts.DASHED);
        plot.setRenderer(0, br);
        plot.setDataset(1, new XYSeriesCollection(preempt));
        plot.setRenderer(1, Charts.marks(Palette.VERMILLION, Charts.triangle(4)));
        plot.setDataset(2, stack);
        plot.setRenderer(2, area);
        List<String> notes = new ArrayList<>();
        String n = k.note("the mean");
        if (n != null) notes.add(n + "; a preemption mark means some step of the bucket preempted");
        JFreeChart chart = Charts.chart("Batch composition per step", plot, true, notes);
        return Figure.of(id, chart, "Tokens each step computed: prefill (prompt chunks and recomputation) and decode "
                + "(one token of a running request); the dashed line is the token budget (" + budgetTokens
                + "); triangles mark steps with preemptions (" + preemptions + " in all).");
    }

    /** KV blocks in use against capacity, evictions, and the prefix hit rate, over virtual time. */
    public static Figure kv(String id, RunSeries r) {
        Buckets k = Buckets.of(r.steps());
        XYSeries used = new XYSeries("KV blocks in use (max)", false, true);
        XYSeries cap = new XYSeries("capacity", false, true);
        XYSeries evicted = new XYSeries("blocks evicted", false, true);
        XYSeries hit = new XYSeries("prefix hit rate in the bucket", false, true);
        XYSeries cumulative = new XYSeries("prefix hit rate so far", false, true);
        long h = 0;
        long a = 0;
        for (int i = 0; i < k.count(); i++) {
            long u = 0;
            long ev = 0;
            long bh = 0;
            long ba = 0;
            for (int s = k.from(i); s < k.to(i); s++) {
                u = Math.max(u, r.kvUsedBlocks.get(s));
                ev += r.evictedBlocks.get(s);
                bh += r.hitTokens.get(s);
                ba += r.admittedTokens.get(s);
            }
            h += bh;
            a += ba;
            double x = sec(r.endUs.get(k.to(i) - 1));
            used.add(x, u);
            evicted.add(x, ev);
            if (ba > 0) hit.add(x, 100.0 * bh / ba);
            if (a > 0) cumulative.add(x, 100.0 * h / a);
        }
        double t0 = r.steps() == 0 ? 0 : sec(r.startUs.get(0));
        double t1 = r.steps() == 0 ? 1 : sec(r.endUs.get(r.steps() - 1));
        cap.add(t0, r.header().engine().numBlocks());
        cap.add(t1, r.header().engine().numBlocks());

        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(Charts.axis("virtual time (s)", true));
        combined.setGap(12);
        XYPlot blocks = Charts.plot(null, Charts.axis("KV blocks", true));
        XYSeriesCollection bc = new XYSeriesCollection();
        bc.addSeries(used);
        bc.addSeries(cap);
        blocks.setDataset(bc);
        XYLineAndShapeRenderer br = Charts.lines(Palette.BLUE, Palette.BLACK);
        br.setSeriesStroke(1, Charts.DASHED);
        blocks.setRenderer(br);
        XYPlot ev = Charts.plot(null, Charts.axis("evicted blocks", true));
        ev.setDataset(new XYSeriesCollection(evicted));
        ev.setRenderer(Charts.lines(Palette.VERMILLION));
        XYPlot hr = Charts.plot(null, Charts.axis("prefix hit rate (%)", true));
        XYSeriesCollection hc = new XYSeriesCollection();
        hc.addSeries(hit);
        hc.addSeries(cumulative);
        hr.setDataset(hc);
        hr.setRenderer(Charts.lines(Palette.GREEN, Palette.PURPLE));
        combined.add(blocks, 2);
        combined.add(ev, 1);
        combined.add(hr, 1);
        List<String> notes = new ArrayList<>();
        String n = k.note("max blocks in use, sum of evictions, hits over admitted tokens");
        if (n != null) notes.add(n);
        JFreeChart chart = Charts.chart("KV cache: blocks, evictions, prefix hits", combined, true, notes);
        return Figure.of(id, chart, 560, "Blocks in use after each step (held by requests or the prefix cache) "
                + "against the pool's " + r.header().engine().numBlocks() + " blocks; cached blocks evicted (LRU); "
                + "prefix hit rate = hit tokens / sequence tokens at admissions (spec/METRICS.md 9).");
    }

    /** Requests waiting and running after each step, over virtual time. */
    public static Figure queue(String id, RunSeries r) {
        Buckets k = Buckets.of(r.steps());
        XYSeries w = new XYSeries("waiting (max)", false, true);
        XYSeries run = new XYSeries("running (max)", false, true);
        for (int i = 0; i < k.count(); i++) {
            long a = 0;
            long b = 0;
            for (int s = k.from(i); s < k.to(i); s++) {
                a = Math.max(a, r.waiting.get(s));
                b = Math.max(b, r.running.get(s));
            }
            double x = sec(r.endUs.get(k.to(i) - 1));
            w.add(x, a);
            run.add(x, b);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(w);
        data.addSeries(run);
        XYPlot plot = Charts.plot(Charts.axis("virtual time (s)", true), Charts.axis("requests", true));
        plot.setDataset(data);
        plot.setRenderer(Charts.lines(Palette.VERMILLION, Palette.BLUE));
        List<String> notes = new ArrayList<>();
        String n = k.note("the largest value");
        if (n != null) notes.add(n);
        return Figure.of(id, Charts.chart("Queue length", plot, true, notes), 340, "Waiting: arrived, holding no KV "
                + "(never admitted, or preempted); running: admitted and not finished (spec/METRICS.md 1).");
    }

    /** Per-worker load of a cluster: requests held (waiting + running) and tokens computed so far, over time. */
    public static Figure workers(String id, List<String> labels, List<RunSeries> workers) {
        XYSeriesCollection held = new XYSeriesCollection();
        XYSeriesCollection done = new XYSeriesCollection();
        boolean thinned = false;
        for (int w = 0; w < workers.size(); w++) {
            RunSeries r = workers.get(w);
            Buckets k = Buckets.of(r.steps(), 600);
            thinned |= k.downsampled();
            XYSeries a = new XYSeries(labels.get(w), false, true);
            XYSeries b = new XYSeries(labels.get(w) + " ", false, true);
            long tokens = 0;
            for (int i = 0; i < k.count(); i++) {
                long m = 0;
                for (int s = k.from(i); s < k.to(i); s++) {
                    m = Math.max(m, r.waiting.get(s) + r.running.get(s));
                    tokens += r.prefillTokens.get(s) + r.decodeTokens.get(s);
                }
                double x = sec(r.endUs.get(k.to(i) - 1));
                a.add(x, m);
                b.add(x, tokens);
            }
            held.addSeries(a);
            done.addSeries(b);
        }
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(Charts.axis("virtual time (s)", true));
        combined.setGap(12);
        XYPlot top = Charts.plot(null, Charts.axis("requests held", true));
        top.setDataset(held);
        top.setRenderer(Charts.paletteLines(workers.size()));
        XYPlot bottom = Charts.plot(null, Charts.axis("tokens computed", true));
        bottom.setDataset(done);
        XYLineAndShapeRenderer br = Charts.paletteLines(workers.size());
        br.setDefaultSeriesVisibleInLegend(false);
        bottom.setRenderer(br);
        combined.add(top, 1);
        combined.add(bottom, 1);
        List<String> notes = thinned ? List.of("downsampled: per worker, the largest count and the running total at "
                + "the end of each bucket of steps, at most 600 points") : List.of();
        return Figure.of(id, Charts.chart("Per-worker load", combined, true, notes), 520, "Top: requests each "
                + "worker holds after its steps (waiting + running). Bottom: tokens each worker has computed "
                + "(prefill + decode). Each worker runs on its own steps, on the cluster's one virtual clock.");
    }

    /** The clients a service plot draws: all, or the most and least served halves of {@link #MAX_CLIENTS}. */
    static List<Integer> clientsShown(RunSeries r) {
        int n = r.clients().size();
        if (n <= MAX_CLIENTS) return IntStream.range(0, n).boxed().toList();
        int last = r.snapshotTimes().size() - 1;
        List<Integer> byService = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingLong((Integer c) -> -r.service(last, c)).thenComparing(c -> c)).toList();
        List<Integer> shown = new ArrayList<>(byService.subList(0, MAX_CLIENTS / 2));
        shown.addAll(byService.subList(n - MAX_CLIENTS / 2, n));
        shown.sort(Comparator.naturalOrder());
        return shown;
    }
}
