package org.schedproof.report.chart;

import org.jfree.chart.JFreeChart;

/**
 * One plot of the page: its SVG and a caption saying what is drawn and where its definitions come from.
 *
 * @param id      the anchor, unique in the page
 * @param svg     an inline {@code <svg>} element
 * @param caption plain text
 */
public record Figure(String id, String svg, String caption) {
    public static final int WIDTH = 960;
    public static final int HEIGHT = 400;

    public static Figure of(String id, JFreeChart chart, String caption) {
        return new Figure(id, Svg.of(id, chart, WIDTH, HEIGHT), caption);
    }

    public static Figure of(String id, JFreeChart chart, int height, String caption) {
        return new Figure(id, Svg.of(id, chart, WIDTH, height), caption);
    }
}
