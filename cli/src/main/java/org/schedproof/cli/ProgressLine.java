package org.schedproof.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.schedproof.conformance.fuzz.Campaign;

/**
 * A campaign's progress bar on stderr: the share of the case or time budget done, cases, cases per second, failures.
 * On a terminal it redraws one line a few times a second; otherwise it prints a line every ten seconds.
 */
final class ProgressLine implements Campaign.Listener, AutoCloseable {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final boolean live;
    private final long everyNs;
    private long next;
    private String last = "";

    ProgressLine(PrintStream out, Campaign.Settings settings) {
        this.out = out;
        this.live = System.console() != null;
        this.everyNs = live ? 200_000_000L : 10_000_000_000L;
        this.next = System.nanoTime() + (live ? 0 : everyNs);
    }

    @Override
    public void progress(Campaign.Progress p) {
        long now = System.nanoTime();
        if (now < next) return;
        next = now + everyNs;
        Campaign.Settings s = p.settings();
        double done = s.cases() > 0 ? (double) p.cases() / s.cases() : 0;
        if (s.time() != null) done = Math.max(done, p.seconds() / (s.time().toMillis() / 1000.0));
        done = Math.min(1, done);
        int bar = (int) Math.round(done * WIDTH);
        last = String.format(Locale.ROOT, "[%s%s] %3.0f%% %s  %d cases  %s cases/s  %d failures (%d distinct)",
                "#".repeat(bar), ".".repeat(WIDTH - bar), 100 * done, clock(p.seconds()), p.cases(), rate(p.casesPerSecond()),
                p.failingCases(), p.distinctFailures());
        if (live) out.print("\r" + last);
        else out.println(last);
        out.flush();
    }

    @Override
    public void found(Campaign.Found f) {
        if (live) out.print("\r" + " ".repeat(last.length()) + "\r");
        out.printf(Locale.ROOT, "found %s at case %d, shrunk %d -> %d requests%n", f.failure(), f.caseNumber(),
                f.requestsBefore(), f.requestsAfter());
        out.flush();
    }

    @Override
    public void replayed(Campaign.Replayed r) {
        out.printf("re-ran saved %s: %s%n", r.dir().getFileName(), r.stillFails() ? "still fails " + r.failure() : "passes now");
        out.flush();
    }

    @Override
    public void close() {
        if (live && !last.isEmpty()) out.println();
        out.flush();
    }

    /** Cases per second, with a decimal when few (a port's cases take seconds). */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond < 10 ? "%.1f" : "%.0f", perSecond);
    }

    private static String clock(double seconds) {
        long s = (long) seconds;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
