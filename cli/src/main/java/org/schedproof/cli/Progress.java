package org.schedproof.cli;

import java.io.PrintStream;
import java.util.function.Consumer;
import org.schedproof.spec.trace.TraceEvent;

/** A one-line progress bar on a terminal: completed requests of the total. Silent when output is not a terminal. */
final class Progress implements Consumer<TraceEvent>, AutoCloseable {
    private final PrintStream out;
    private final long total;
    private final boolean live;
    private long done;
    private int shownPercent = -1;

    Progress(PrintStream out, long total) {
        this.out = out;
        this.total = Math.max(1, total);
        this.live = System.console() != null;
    }

    @Override
    public void accept(TraceEvent e) {
        if (!live || !(e instanceof TraceEvent.Completion)) return;
        done++;
        int percent = (int) (100 * done / total);
        if (percent != shownPercent) {
            shownPercent = percent;
            int bar = percent / 4;
            out.print("\r[" + "#".repeat(bar) + " ".repeat(25 - bar) + "] " + percent + "% " + done + "/" + total);
            out.flush();
        }
    }

    @Override
    public void close() {
        if (live && shownPercent >= 0) out.print("\r" + " ".repeat(60) + "\r");
    }
}
