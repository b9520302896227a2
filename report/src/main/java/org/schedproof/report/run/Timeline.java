package org.schedproof.report.run;

import java.awt.Color;
import java.awt.Paint;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;
import org.schedproof.report.chart.Charts;
import org.schedproof.report.chart.Figure;
import org.schedproof.report.chart.Palette;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceReader;

/**
 * Requests x steps: one row per request, one cell per step, coloured by what the step did with it (a prefill chunk,
 * a decode, a preemption, waiting, running without a slice), so a person can follow a small schedule by eye.
 */
public final class Timeline {
    /** The most requests and steps one timeline draws (a shrunk case has far fewer). */
    public static final int MAX_ROWS = 60;
    public static final int MAX_STEPS = 800;

    private static final int WAITING = 1;
    private static final int IDLE = 2;
    private static final int PREFILL = 3;
    private static final int DECODE = 4;
    private static final int PREEMPTED = 5;
    private static final int REJECTED = 6;

    private static final Color WAIT_GREY = new Color(0xD9, 0xD9, 0xD9);
    private static final Color IDLE_SKY = Palette.translucent(Palette.SKY, 110);

    private Timeline() {}

    private static final class Row {
        final String label;
        final int prompt;
        /** Its row in the chart, -1 until it first appears in the window (or when past the cap). */
        int index = -1;
        boolean running;

        Row(String label, int prompt) {
            this.label = label;
            this.prompt = prompt;
        }
    }

    /** The timeline of steps [from, to) of {@code trace} (clipped to {@link #MAX_STEPS}). */
    public static Figure of(String id, String title, Path trace, long from, long to) throws IOException {
        return of(id, title, trace, from, to, -1, null);
    }

    /** The same with step {@code mark} outlined and labelled {@code markLabel} (e.g. the first divergence). */
    public static Figure of(String id, String title, Path trace, long from, long to, long mark, String markLabel)
            throws IOException {
        Map<Long, Row> rows = new LinkedHashMap<>();
        List<String> labels = new ArrayList<>();
        List<double[]> cells = new ArrayList<>();
        long last = Math.min(to, from + MAX_STEPS);
        long[] seen = {0};
        int[] hidden = {0};
        TraceReader.forEach(trace, e -> {
            if (e instanceof TraceEvent.Arrival a) {
                rows.put(a.request().id(), new Row("#" + a.request().id() + " " + a.request().client(),
                        a.request().promptLength()));
            } else if (e instanceof TraceEvent.Step s) {
                seen[0] = s.index() + 1;
                boolean drawn = s.index() >= from && s.index() < last;
                Map<Long, Integer> code = new LinkedHashMap<>();
                if (!s.rejected()) {
                    for (long p : s.preempted()) code.put(p, PREEMPTED);
                    for (Slice sl : s.slices()) {
                        Row r = rows.get(sl.requestId());
                        if (r != null) code.put(sl.requestId(), sl.length() == 1 && sl.start() >= r.prompt ? DECODE : PREFILL);
                    }
                } else {
                    for (Slice sl : s.slices()) code.put(sl.requestId(), REJECTED);
                }
                for (Map.Entry<Long, Row> en : rows.entrySet()) {
                    Row r = en.getValue();
                    Integer c = code.get(en.getKey());
                    int v = c != null ? c : r.running ? IDLE : WAITING;
                    if (drawn && r.index < 0 && labels.size() < MAX_ROWS) {
                        r.index = labels.size();
                        labels.add(r.label);
                    } else if (drawn && r.index < 0 && r.index != -2) {
                        r.index = -2;
                        hidden[0]++;
                    }
                    if (drawn && r.index >= 0) cells.add(new double[] {s.index(), r.index, v});
                    if (c != null && !s.rejected()) r.running = c != PREEMPTED;
                }
                for (long f : s.finished()) rows.remove(f);
            }
        });
        double[][] data = new double[3][cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            for (int k = 0; k < 3; k++) data[k][i] = cells.get(i)[k];
        }
        DefaultXYZDataset ds = new DefaultXYZDataset();
        ds.addSeries("steps", data);
        LookupPaintScale scale = new LookupPaintScale(0, 7, Color.WHITE);
        Paint[] paints = {null, WAIT_GREY, IDLE_SKY, Palette.BLUE, Palette.ORANGE, Palette.VERMILLION, Palette.BLACK};
        for (int v = 1; v < paints.length; v++) scale.add(v, paints[v]);
        XYBlockRenderer r = new XYBlockRenderer();
        r.setBlockWidth(1);
        r.setBlockHeight(0.78);
        r.setBlockAnchor(RectangleAnchor.CENTER);
        r.setPaintScale(scale);
        SymbolAxis y = new SymbolAxis("request (#id client)",
                labels.isEmpty() ? new String[] {""} : labels.toArray(String[]::new));
        y.setInverted(true);
        y.setGridBandsVisible(false);
        y.setTickLabelFont(Charts.TICK);
        y.setLabelFont(Charts.LABEL);
        NumberAxis x = Charts.axis("step", false);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setRange(from - 0.5, Math.max(from + 1, Math.min(last, seen[0])) - 0.5);
        XYPlot plot = Charts.plot(x, y);
        plot.setDataset(ds);
        plot.setRenderer(r);
        if (mark >= 0) {
            IntervalMarker m = new IntervalMarker(mark - 0.5, mark + 0.5);
            m.setPaint(Palette.translucent(Palette.PURPLE, 40));
            m.setOutlinePaint(Palette.PURPLE);
            m.setOutlineStroke(Charts.DASHED);
            m.setLabel(markLabel);
            m.setLabelFont(Charts.LABEL);
            m.setLabelAnchor(RectangleAnchor.TOP);
            m.setLabelTextAnchor(TextAnchor.TOP_CENTER);
            plot.addDomainMarker(m, Layer.FOREGROUND);
        }
        LegendItemCollection legend = new LegendItemCollection();
        String[] names = {null, "waiting", "running, no slice", "prefill chunk", "decode", "preempted",
                "rejected batch"};
        for (int v = 1; v < names.length; v++) {
            legend.add(new LegendItem(names[v], null, null, null, new Rectangle(-6, -5, 12, 10), paints[v]));
        }
        plot.setFixedLegendItems(legend);
        List<String> notes = new ArrayList<>();
        if (hidden[0] > 0) {
            notes.add("the first " + MAX_ROWS + " requests seen in these steps drawn, " + hidden[0] + " more not");
        }
        if (last < Math.min(to, seen[0])) {
            notes.add(String.format(Locale.ROOT, "steps %d to %d of %d drawn", from, last - 1, seen[0]));
        }
        int height = Math.max(260, Math.min(900, 120 + 18 * labels.size()));
        return Figure.of(id, Charts.chart(title, plot, true, notes), height, "One row per request, one cell per "
                + "step: what the step did with it. A prefill chunk computes prompt (or recomputed) positions; a "
                + "decode computes one generated position; waiting means arrived and holding no KV.");
    }
}
