package org.schedproof.report.chart;

import java.awt.Color;

/**
 * Okabe and Ito's colour-blind-safe palette (Color Universal Design, 2008), in the order series take it: yellow
 * last, as it is faint on white.
 */
public final class Palette {
    public static final Color BLUE = new Color(0x00, 0x72, 0xB2);
    public static final Color ORANGE = new Color(0xE6, 0x9F, 0x00);
    public static final Color GREEN = new Color(0x00, 0x9E, 0x73);
    public static final Color VERMILLION = new Color(0xD5, 0x5E, 0x00);
    public static final Color PURPLE = new Color(0xCC, 0x79, 0xA7);
    public static final Color SKY = new Color(0x56, 0xB4, 0xE9);
    public static final Color BLACK = new Color(0x00, 0x00, 0x00);
    public static final Color YELLOW = new Color(0xF0, 0xE4, 0x42);

    private static final Color[] ORDER = {BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, BLACK, YELLOW};

    private Palette() {}

    /** The colour of series {@code i}; past eight the palette repeats (charts with more series say so). */
    public static Color series(int i) {
        return ORDER[Math.floorMod(i, ORDER.length)];
    }

    /** How many distinct colours there are. */
    public static int size() {
        return ORDER.length;
    }

    /** {@code c} with alpha {@code a} (0..255), for bands. */
    public static Color translucent(Color c, int a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
    }

    /** #rrggbb, for the page's CSS. */
    public static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
