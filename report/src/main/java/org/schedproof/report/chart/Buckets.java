package org.schedproof.report.chart;

import java.util.Locale;

/**
 * Downsampling of a per-step series to at most {@code maxPoints} points: consecutive steps grouped in buckets of
 * {@link #size()} steps, each bucket drawn as one point (its mean, max or sum, as the plot says in its note).
 *
 * @param steps the series' length
 * @param size  steps per bucket (1: every step is a point)
 */
public record Buckets(int steps, int size) {
    /** The default resolution of a plot: about one point per horizontal pixel. */
    public static final int MAX_POINTS = 1200;

    public static Buckets of(int steps, int maxPoints) {
        return new Buckets(steps, Math.max(1, (steps + maxPoints - 1) / maxPoints));
    }

    public static Buckets of(int steps) {
        return of(steps, MAX_POINTS);
    }

    public int count() {
        return (steps + size - 1) / size;
    }

    public int from(int bucket) {
        return bucket * size;
    }

    public int to(int bucket) {
        return Math.min(steps, (bucket + 1) * size);
    }

    public boolean downsampled() {
        return size > 1;
    }

    /** "downsampled: HOW of each N steps (S steps drawn as P points)", or null when nothing was. */
    public String note(String how) {
        if (!downsampled()) return null;
        return String.format(Locale.ROOT, "downsampled: %s of each %,d steps (%,d steps drawn as %,d points)", how,
                size, steps, count());
    }
}
