package org.schedproof.engine.predict;

/** Kendall's tau-b by counting every pair, O(n²): the independent check of {@link KendallTau}. */
final class NaiveTau {
    private NaiveTau() {}

    static double tauB(long[] x, long[] y) {
        long concordant = 0;
        long discordant = 0;
        long tiedX = 0;
        long tiedY = 0;
        long pairs = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                pairs++;
                long s = Long.signum(x[i] - x[j]) * Long.signum(y[i] - y[j]);
                if (x[i] == x[j]) tiedX++;
                if (y[i] == y[j]) tiedY++;
                if (s > 0) concordant++;
                if (s < 0) discordant++;
            }
        }
        return (concordant - discordant) / Math.sqrt((double) (pairs - tiedX) * (pairs - tiedY));
    }

    static double tauB(int[] x, int[] y) {
        long[] a = new long[x.length];
        long[] b = new long[y.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
            b[i] = y[i];
        }
        return tauB(a, b);
    }
}
