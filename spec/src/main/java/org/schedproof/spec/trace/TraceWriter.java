package org.schedproof.spec.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.schedproof.spec.Request;

/**
 * Writes a trace in the canonical form of spec/TRACE.md: one event per line, keys in the fixed order, no
 * whitespace, integers only, map keys sorted, {@code '\n'} after every line, UTF-8. Equal event sequences give
 * byte-identical files. Every event is checked against the line and order rules before it is written, so a writer
 * never produces a trace the reader rejects: a bad event is an {@link IllegalArgumentException} naming the line and
 * field, and nothing of it reaches the output.
 *
 * <p>Streaming (Jackson's generator, one buffer): memory does not grow with the trace. Not thread-safe.
 */
public final class TraceWriter implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .rootValueSeparator((String) null)
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final JsonGenerator gen;
    private final OutputStream closeOnClose;
    private final Writer closeWriterOnClose;
    private final TraceOrder order = new TraceOrder();
    private boolean closed;

    private TraceWriter(JsonGenerator gen, OutputStream out, Writer writer) {
        this.gen = gen;
        this.closeOnClose = out;
        this.closeWriterOnClose = writer;
    }

    /** Creates (or replaces) {@code file}; a name ending in {@code .gz} is written gzip-compressed. */
    public static TraceWriter open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        OutputStream out = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return new TraceWriter(JSON.createGenerator(out, JsonEncoding.UTF8), out, null);
    }

    /** Writes UTF-8 to {@code out}; {@link #close()} flushes and closes it. */
    public static TraceWriter to(OutputStream out) {
        return to(out, true);
    }

    /** Writes UTF-8 to {@code out}; {@link #close()} flushes it, and closes it only if asked (not for stdout). */
    public static TraceWriter to(OutputStream out, boolean closeOnClose) {
        try {
            return new TraceWriter(JSON.createGenerator(out, JsonEncoding.UTF8), closeOnClose ? out : null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes characters to {@code out}; {@link #close()} flushes and closes it. */
    public static TraceWriter to(Writer out) {
        try {
            return new TraceWriter(JSON.createGenerator(out), null, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            emit(g, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
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
        try {
            emit(gen, event);
            gen.writeRaw('\n');
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
            gen.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try (OutputStream o = closeOnClose; Writer w = closeWriterOnClose) {
            gen.close();
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

    private static void emit(JsonGenerator g, TraceEvent event) throws IOException {
        if (event instanceof TraceEvent.Header h) {
            header(g, h);
        } else if (event instanceof TraceEvent.Arrival a) {
            arrival(g, a);
        } else if (event instanceof TraceEvent.Step s) {
            step(g, s);
        } else if (event instanceof TraceEvent.Completion c) {
            g.writeStartObject();
            g.writeStringField("type", "completion");
            g.writeNumberField("timeUs", c.timeUs());
            g.writeNumberField("requestId", c.requestId());
            g.writeNumberField("generated", c.generated());
            g.writeNumberField("preemptions", c.preemptions());
            g.writeEndObject();
        } else if (event instanceof TraceEvent.End e) {
            g.writeStartObject();
            g.writeStringField("type", "end");
            g.writeStringField("reason", e.reason());
            g.writeNumberField("timeUs", e.timeUs());
            g.writeNumberField("steps", e.steps());
            g.writeNumberField("completed", e.completed());
            g.writeNumberField("violations", e.violations());
            g.writeEndObject();
        }
    }

    private static void header(JsonGenerator g, TraceEvent.Header h) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "header");
        g.writeStringField("schema", h.schema());
        g.writeFieldName("engine");
        TraceJson.engine(g, h.engine());
        g.writeStringField("policy", h.policy());
        g.writeObjectFieldStart("parameters");
        for (Map.Entry<String, String> p : sorted(h.parameters())) g.writeStringField(p.getKey(), p.getValue());
        g.writeEndObject();
        g.writeStringField("workload", h.workload());
        g.writeNumberField("requests", h.requests());
        g.writeStringField("workloadDigest", h.workloadDigest());
        g.writeEndObject();
    }

    private static void arrival(JsonGenerator g, TraceEvent.Arrival a) throws IOException {
        Request r = a.request();
        g.writeStartObject();
        g.writeStringField("type", "arrival");
        g.writeNumberField("timeUs", a.timeUs());
        TraceJson.requestFields(g, r);
        g.writeEndObject();
    }

    private static void step(JsonGenerator g, TraceEvent.Step s) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "step");
        g.writeNumberField("index", s.index());
        g.writeNumberField("startUs", s.startUs());
        g.writeNumberField("durationUs", s.durationUs());
        g.writeArrayFieldStart("preempted");
        for (Long id : s.preempted()) g.writeNumber(id);
        g.writeEndArray();
        // Written only when non-empty, so traces without offloading stay as they were.
        ids(g, "offloaded", s.offloaded());
        ids(g, "prefetched", s.prefetched());
        g.writeFieldName("slices");
        TraceJson.slices(g, s.slices());
        g.writeBooleanField("rejected", s.rejected());
        g.writeArrayFieldStart("hits");
        for (TraceEvent.Hit h : s.hits()) {
            g.writeStartArray();
            g.writeNumber(h.requestId());
            g.writeNumber(h.tokens());
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeNumberField("evictedBlocks", s.evictedBlocks());
        g.writeArrayFieldStart("emitted");
        for (TraceEvent.Emit e : s.emitted()) {
            g.writeStartArray();
            g.writeNumber(e.requestId());
            g.writeNumber(e.token());
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("finished");
        for (Long id : s.finished()) g.writeNumber(id);
        g.writeEndArray();
        g.writeNumberField("kvUsedBlocks", s.kvUsedBlocks());
        g.writeFieldName("violations");
        TraceJson.violations(g, s.violations());
        g.writeObjectFieldStart("witness");
        for (Map.Entry<String, Long> w : sorted(s.witness())) g.writeNumberField(w.getKey(), w.getValue());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void ids(JsonGenerator g, String field, List<Long> ids) throws IOException {
        if (ids.isEmpty()) return;
        g.writeArrayFieldStart(field);
        for (Long id : ids) g.writeNumber(id);
        g.writeEndArray();
    }

    /** Map keys in String.compareTo order (UTF-16 code units), the canonical order; Map.copyOf has none. */
    private static <V> List<Map.Entry<String, V>> sorted(Map<String, V> map) {
        if (map.isEmpty()) return List.of();
        List<Map.Entry<String, V>> entries = new ArrayList<>(map.entrySet());
        if (entries.size() > 1) entries.sort(Map.Entry.comparingByKey());
        return entries;
    }
}
