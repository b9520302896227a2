package org.schedproof.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/** The house style of every plot: fonts, colours, grid, legend below, notes (downsampling) as a subtitle. */
public final class Charts {
    public static final Font TITLE = new Font("SansSerif", Font.BOLD, 15);
    public static final Font NOTE = new Font("SansSerif", Font.ITALIC, 11);
    public static final Font LABEL = new Font("SansSerif", Font.PLAIN, 12);
    public static final Font TICK = new Font("SansSerif", Font.PLAIN, 11);
    public static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    public static final Color INK = new Color(0x22, 0x22, 0x22);
    public static final Stroke LINE = new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    public static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
            new float[] {6f, 4f}, 0f);

    private Charts() {}

    /** A styled chart around {@code plot}; each note becomes a small italic line under the title. */
    public static JFreeChart chart(String title, Plot plot, boolean legend, List<String> notes) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.getTitle().setPaint(INK);
        chart.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
        chart.getTitle().setMargin(4, 8, 2, 8);
        for (String note : notes) {
            TextTitle t = new TextTitle(note, NOTE, Color.DARK_GRAY, RectangleEdge.TOP, HorizontalAlignment.LEFT,
                    org.jfree.chart.ui.VerticalAlignment.CENTER, new RectangleInsets(0, 8, 2, 8));
            chart.addSubtitle(t);
        }
        LegendTitle l = chart.getLegend();
        if (l != null) {
            l.setItemFont(LABEL);
            l.setFrame(BlockBorder.NONE);
            l.setBackgroundPaint(Color.WHITE);
            l.setPosition(RectangleEdge.BOTTOM);
        }
        chart.setPadding(new RectangleInsets(4, 4, 4, 12));
        return chart;
    }

    /** An XY plot with a light grid on white. */
    public static XYPlot plot(ValueAxis x, ValueAxis y) {
        XYPlot p = new XYPlot(null, x, y, null);
        p.setBackgroundPaint(Color.WHITE);
        p.setOutlinePaint(Color.GRAY);
        p.setDomainGridlinePaint(GRID);
        p.setRangeGridlinePaint(GRID);
        p.setDomainGridlineStroke(new BasicStroke(0.8f));
        p.setRangeGridlineStroke(new BasicStroke(0.8f));
        p.setAxisOffset(RectangleInsets.ZERO_INSETS);
        return p;
    }

    /** A linear axis; {@code zero}: include 0 in the range. */
    public static NumberAxis axis(String label, boolean zero) {
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(zero);
        a.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        style(a);
        return a;
    }

    /**
     * A base-10 log axis with plain tick labels (10, 100, 1,000) when the values span more than a decade and a half,
     * else a linear one (a log axis over a narrow range has one tick or none); the label gets its unit (ms) appended.
     */
    public static ValueAxis latencyAxis(String label, double min, double max) {
        if (min > 0 && max / min > 30) {
            DecimalFormat plain = new DecimalFormat("#,##0.###");
            LogarithmicAxis a = new LogarithmicAxis(label + " (ms, log scale)") {
                @Override
                protected String makeTickLabel(double v, boolean force) {
                    return plain.format(v);
                }

                @Override
                protected String makeTickLabel(double v) {
                    return plain.format(v);
                }
            };
            a.setAllowNegativesFlag(false);
            a.setStrictValuesFlag(false);
            a.setLog10TickLabelsFlag(false);
            a.setExpTickLabelsFlag(false);
            style(a);
            return a;
        }
        return axis(label + " (ms)", false);
    }

    private static void style(ValueAxis a) {
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICK);
        a.setLabelPaint(INK);
        a.setTickLabelPaint(INK);
        a.setAxisLinePaint(Color.GRAY);
        a.setTickMarkPaint(Color.GRAY);
    }

    /** Lines only (no point shapes), each series drawn as one path in its colour. */
    public static XYLineAndShapeRenderer lines(Color... colours) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < colours.length; i++) {
            r.setSeriesPaint(i, colours[i]);
            r.setSeriesStroke(i, LINE);
        }
        r.setLegendLine(new java.awt.geom.Line2D.Double(-9, 0, 9, 0));
        return r;
    }

    /** Lines in palette order for {@code n} series. */
    public static XYLineAndShapeRenderer paletteLines(int n) {
        Color[] c = new Color[n];
        for (int i = 0; i < n; i++) c[i] = Palette.series(i);
        return lines(c);
    }

    /** Marks only: one shape per point (for events such as preemptions). */
    public static XYLineAndShapeRenderer marks(Color colour, Shape shape) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, colour);
        r.setSeriesShape(0, shape);
        return r;
    }

    /** A downward triangle of the given half-width, centred on the point. */
    public static Shape triangle(double h) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(-h, -h);
        p.lineTo(h, -h);
        p.lineTo(0, h);
        p.closePath();
        return p;
    }

    public static Shape dot(double r) {
        return new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
    }
}
