package org.schedproof.spec.trace;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/**
 * Reads a trace of spec/TRACE.md one line at a time, in constant memory: an {@link Iterator} of events (also a
 * {@link #stream()}). Every line is checked as it is read (JSON syntax, field types and ranges, missing and unknown
 * fields, then the order rules: header on line 1, consecutive step indexes, time never going back, completions
 * after their step, totals on the end line), and the trace must finish with its end line: a file that stops
 * earlier is truncated. Any problem is a {@link TraceFormatException} naming the file, the line and, where there is
 * one, the field; after one, the reader is closed and rethrows it.
 *
 * <p>Files whose first bytes are the gzip magic are decompressed transparently. Lines end with {@code '\n'} (a
 * {@code '\r'} before it is tolerated as JSON whitespace); the last line's {@code '\n'} may be missing.
 */
public final class TraceReader implements Iterator<TraceEvent>, Closeable {
    /** Longer lines are refused rather than buffered: no valid trace line comes near it. */
    static final int MAX_LINE_BYTES = 64 << 20;

    private final String name;
    private final InputStream in;
    private final Lines lines;
    private final LineDecoder decoder = new LineDecoder();
    private final TraceOrder order = new TraceOrder();
    private TraceEvent pending;
    private long pendingLine;
    private long eventLine;
    private TraceEvent.Header header;
    private TraceFormatException failure;
    private boolean done;

    private TraceReader(InputStream in, String name) {
        this.name = name;
        this.in = in;
        this.lines = new Lines(in);
    }

    /** Opens {@code file}; its name in messages is the path as given. */
    public static TraceReader open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such trace file");
        }
        return of(raw, file.toString());
    }

    /** Reads {@code in} (UTF-8, or gzip of it), calling it {@code name} in messages; closing the reader closes it. */
    public static TraceReader of(InputStream in, String name) {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        try {
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new TraceReader(new GZIPInputStream(buffered, 1 << 16), name);
            }
        } catch (IOException e) {
            throw new TraceFormatException(name, 0, null, "cannot read: " + e);
        }
        return new TraceReader(buffered, name);
    }

    /** Reads a trace held in a string (tests, small tools). */
    public static TraceReader ofString(String text, String name) {
        return of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name);
    }

    /** All events of {@code file}, checked; for traces that fit in memory. */
    public static List<TraceEvent> readAll(Path file) throws IOException {
        try (TraceReader r = open(file)) {
            List<TraceEvent> out = new ArrayList<>();
            r.forEachRemaining(out::add);
            return out;
        }
    }

    /** Streams every event of {@code file} to {@code sink}, checked, in constant memory. */
    public static void forEach(Path file, Consumer<? super TraceEvent> sink) throws IOException {
        try (TraceReader r = open(file)) {
            r.forEachRemaining(sink);
        }
    }

    /** The name used in messages. */
    public String name() {
        return name;
    }

    /** The header (line 1), reading it first if no event has been taken yet. */
    public TraceEvent.Header header() {
        if (header == null) {
            if (!hasNext()) throw new IllegalStateException("no header"); // unreachable: hasNext throws instead
        }
        return header;
    }

    /** Line number of the event last returned by {@link #next()}: checkers use it to point into the file. */
    public long line() {
        return eventLine;
    }

    @Override
    public boolean hasNext() {
        if (failure != null) throw failure;
        if (pending != null) return true;
        if (done) return false;
        try {
            pending = readEvent();
        } catch (TraceFormatException e) {
            failure = e;
            closeQuietly();
            throw e;
        }
        if (pending == null) {
            done = true;
            closeQuietly();
        }
        return pending != null;
    }

    @Override
    public TraceEvent next() {
        if (!hasNext()) throw new NoSuchElementException("the trace " + name + " has no more events");
        TraceEvent e = pending;
        pending = null;
        eventLine = pendingLine;
        return e;
    }

    /** The remaining events as a sequential stream; closing the stream closes the reader. */
    public Stream<TraceEvent> stream() {
        Spliterator<TraceEvent> s = Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
        return StreamSupport.stream(s, false).onClose(this::close);
    }

    @Override
    public void close() {
        done = true;
        pending = null;
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing more will be read; the trace's verdict does not depend on it.
        }
    }

    /** The next event, or null after a valid end line and end of file. */
    private TraceEvent readEvent() {
        if (!order.ended()) {
            // a canonical line the buffer holds whole is read in one pass, its newline found as it is parsed
            TraceEvent fast = lines.nextCanonical(decoder);
            if (fast != null) return inOrder(fast, lines.number);
        }
        boolean more;
        try {
            more = lines.next();
        } catch (LineTooLong e) {
            throw new TraceFormatException(name, lines.number, null, "line longer than " + (MAX_LINE_BYTES >> 20)
                    + " MiB: not a trace line");
        } catch (java.io.EOFException e) {
            throw new TraceFormatException(name, lines.number + 1, null, "the compressed stream ends early ("
                    + e.getMessage() + "): truncated?");
        } catch (IOException e) {
            throw new TraceFormatException(name, lines.number + 1, null, "cannot read: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new TraceFormatException(name, lines.number + 1, null, "cannot read: " + e.getCause().getMessage());
        }
        long n = lines.number;
        if (order.ended()) {
            if (more) {
                throw new TraceFormatException(name, n, null, "a line after the end event: the end event must be "
                        + "the last line");
            }
            return null;
        }
        if (!more) {
            if (!order.started()) {
                throw new TraceFormatException(name, 1, null, "empty trace: expected a header on line 1");
            }
            throw new TraceFormatException(name, n, null, "trace ends at line " + n
                    + " without an end event: truncated?");
        }
        if (isBlank(lines.array, lines.offset, lines.length)) {
            throw new TraceFormatException(name, n, null, "blank line (a trace has exactly one event per line)");
        }
        TraceEvent event;
        try {
            event = decoder.decode(lines.array, lines.offset, lines.length);
        } catch (TraceProblem p) {
            throw new TraceFormatException(name, n, p.field, p.reason());
        } catch (StreamConstraintsException e) {
            throw new TraceFormatException(name, n, contextPath(decoder.parser()), "line exceeds a parser limit: "
                    + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw garbled(n, e);
        } catch (IOException e) {
            throw new TraceFormatException(name, n, null, "cannot read: " + e.getMessage());
        }
        return inOrder(event, n);
    }

    /** The event of line {@code n}, once the order of events admits it. */
    private TraceEvent inOrder(TraceEvent event, long n) {
        try {
            order.accept(event);
        } catch (TraceProblem p) {
            throw new TraceFormatException(name, n, p.field, p.reason());
        }
        if (event instanceof TraceEvent.Header h) header = h;
        pendingLine = n;
        return event;
    }

    private TraceFormatException garbled(long n, JsonProcessingException e) {
        JsonParser p = decoder.parser();
        String field = p == null ? null : contextPath(p);
        JsonLocation at = e.getLocation();
        StringBuilder why = new StringBuilder("garbled JSON");
        if (at != null && at.getColumnNr() > 0) why.append(" at column ").append(at.getColumnNr());
        if (field == null) why.append(" (outside any field)");
        why.append(": ").append(firstLine(e.getOriginalMessage()));
        if (!lines.terminated) {
            why.append("; the last line stops mid-JSON without a line end: truncated?");
        }
        return new TraceFormatException(name, n, field, why.toString());
    }

    /** The path Jackson was in ({@code slices[3][1]}), or null at the top level. */
    private static String contextPath(JsonParser p) {
        JsonStreamContext c;
        try {
            c = p.getParsingContext();
        } catch (RuntimeException e) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        List<String> parts = new ArrayList<>();
        for (; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                if (c.getCurrentName() != null) parts.add("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        for (int i = parts.size() - 1; i >= 0; i--) sb.append(parts.get(i));
        if (sb.length() == 0) return null;
        return sb.charAt(0) == '.' ? sb.substring(1) : sb.toString();
    }

    private static final java.util.regex.Pattern JACKSON_SOURCE =
            java.util.regex.Pattern.compile("\\[Source: [^\\]]*?; line: \\d+, column: (\\d+)\\]");

    /** Jackson's message, on one line, with its "[Source: ...; line: 1, column: 91]" cut to "column 91". */
    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return JACKSON_SOURCE.matcher(line).replaceAll("column $1");
    }

    private static boolean isBlank(byte[] a, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = a[i];
            if (b != ' ' && b != '\t' && b != '\r') return false;
        }
        return true;
    }

    private static final class LineTooLong extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** Splits bytes at {@code '\n'} (never part of a multi-byte UTF-8 character); a line inside the buffer is not copied. */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int lim;
        private boolean eof;
        private byte[] spill = new byte[1 << 12];
        byte[] array;
        int offset;
        int length;
        boolean terminated;
        long number;

        Lines(InputStream in) {
            this.in = in;
        }

        boolean next() throws IOException {
            int spilled = 0;
            while (true) {
                if (pos == lim) {
                    if (eof) break;
                    int r = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (r <= 0) {
                        lim = 0;
                        eof = true;
                        break;
                    }
                    lim = r;
                }
                int nl = indexOfNewline(buf, pos, lim);
                if (nl >= 0) {
                    if (spilled == 0) {
                        array = buf;
                        offset = pos;
                        length = nl - pos;
                    } else {
                        spilled = spill(spilled, buf, pos, nl - pos);
                        array = spill;
                        offset = 0;
                        length = spilled;
                    }
                    pos = nl + 1;
                    terminated = true;
                    number++;
                    return true;
                }
                spilled = spill(spilled, buf, pos, lim - pos);
                pos = lim;
            }
            if (spilled == 0) return false;
            array = spill;
            offset = 0;
            length = spilled;
            terminated = false;
            number++;
            return true;
        }

        /**
         * The next line's event when the buffer holds the whole line and it is canonical ({@link
         * LineDecoder#decodeCanonical}), the line then taken; else null, and nothing taken ({@link #next} takes it).
         */
        TraceEvent nextCanonical(LineDecoder decoder) {
            if (pos == lim) return null;
            TraceEvent event = decoder.decodeCanonical(buf, pos, lim);
            if (event == null) return null;
            int nl = decoder.newline();
            array = buf;
            offset = pos;
            length = nl - pos;
            pos = nl + 1;
            terminated = true;
            number++;
            return event;
        }

        private int spill(int used, byte[] from, int off, int len) throws LineTooLong {
            if ((long) used + len > MAX_LINE_BYTES) {
                number++;
                throw new LineTooLong();
            }
            if (used + len > spill.length) {
                spill = java.util.Arrays.copyOf(spill, Math.max(used + len, 2 * spill.length));
            }
            System.arraycopy(from, off, spill, used, len);
            return used + len;
        }

        private static int indexOfNewline(byte[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                if (a[i] == '\n') return i;
            }
            return -1;
        }
    }
}
