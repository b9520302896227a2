package org.schedproof.spec.trace;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a trace in the canonical form of spec/TRACE.md: one event per line, keys in the fixed order, no
 * whitespace, integers only, map keys sorted, {@code '\n'} after every line, UTF-8. Equal event sequences give
 * byte-identical files. Every event is checked against the line and order rules before it is written, so a writer
 * never produces a trace the reader rejects: a bad event is an {@link IllegalArgumentException} naming the line and
 * field, and nothing of it reaches the output.
 *
 * <p>Streaming ({@link LineEncoder} into one buffer): memory does not grow with the trace. Not thread-safe.
 */
public final class TraceWriter implements AutoCloseable {
    private final OutputStream out;
    private final boolean closeTarget;
    private final Writer chars;
    private final LineEncoder encoder = new LineEncoder();
    private final TraceOrder order = new TraceOrder();
    private boolean closed;

    private TraceWriter(OutputStream out, boolean closeTarget, Writer chars) {
        this.out = out;
        this.closeTarget = closeTarget;
        this.chars = chars;
    }

    /** Creates (or replaces) {@code file}; a name ending in {@code .gz} is written gzip-compressed. */
    public static TraceWriter open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        OutputStream out = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return new TraceWriter(new BufferedOutputStream(out, 1 << 16), true, null);
    }

    /** Writes UTF-8 to {@code out}; {@link #close()} flushes and closes it. */
    public static TraceWriter to(OutputStream out) {
        return to(out, true);
    }

    /** Writes UTF-8 to {@code out}; {@link #close()} flushes it, and closes it only if asked (not for stdout). */
    public static TraceWriter to(OutputStream out, boolean closeOnClose) {
        return new TraceWriter(new BufferedOutputStream(out, 1 << 16), closeOnClose, null);
    }

    /** Writes characters to {@code out}; {@link #close()} flushes and closes it. */
    public static TraceWriter to(Writer out) {
        return new TraceWriter(null, true, out);
    }

    /** The canonical bytes of a whole trace (checked like any other). */
    public static byte[] toBytes(Iterable<? extends TraceEvent> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TraceWriter w = to(bytes)) {
            for (TraceEvent e : events) w.write(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The canonical line of one event, without its line end and without the order rules (which need the events
     * around it); the line rules still apply.
     */
    public static String line(TraceEvent event) {
        check(event, 0);
        LineEncoder encoder = new LineEncoder();
        encoder.encode(event);
        return new String(encoder.bytes(), 0, encoder.length(), StandardCharsets.UTF_8);
    }

    /** Appends {@code event} as the next line. */
    public void write(TraceEvent event) {
        if (closed) throw new IllegalStateException("trace writer is closed");
        long line = order.events() + 1;
        check(event, line);
        try {
            order.accept(event);
        } catch (TraceProblem p) {
            throw new IllegalArgumentException(message(line, p), null);
        }
        encoder.encode(event);
        try {
            if (out != null) {
                out.write(encoder.bytes(), 0, encoder.length());
                out.write('\n');
            } else {
                chars.write(new String(encoder.bytes(), 0, encoder.length(), StandardCharsets.UTF_8));
                chars.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing trace line " + line, e);
        }
    }

    /** Lines written so far. */
    public long lines() {
        return order.events();
    }

    /** Whether the end event has been written: a trace closed without one reads as truncated. */
    public boolean ended() {
        return order.ended();
    }

    public void flush() {
        try {
            if (out != null) out.flush();
            else chars.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            flush();
            if (closeTarget) {
                if (out != null) out.close();
                else chars.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(TraceEvent event, long line) {
        try {
            TraceRules.check(event);
        } catch (TraceProblem p) {
            throw new IllegalArgumentException(message(line, p));
        }
    }

    private static String message(long line, TraceProblem p) {
        return "cannot write trace line " + line + ": " + (p.field == null ? "" : "field '" + p.field + "': ")
                + p.reason();
    }
}
