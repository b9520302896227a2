package org.schedproof.spec.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;

/**
 * The canonical line of an event (spec/TRACE.md: keys in the fixed order, no whitespace, map keys sorted, UTF-8),
 * without its line end, into a buffer it reuses. Steps, arrivals and completions whose strings need no JSON escape
 * (witness keys of ASCII letters, digits, '_' and '-'; a client of printable ASCII but '"' and '\'; no violations) are
 * written straight as bytes; every other line goes through Jackson's generator, the general path. Both give the same
 * bytes for any event (LineEncoderTest). The mirror of {@link CanonicalLine}, and for the same reasons: a writer spends
 * most of its time on those lines, and a short run on compiling the generator's code.
 */
final class LineEncoder {
    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .rootValueSeparator((String) null)
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private byte[] buf = new byte[512];
    private int len;
    /** The general path's output, reused (made on first use: most encoders never need it). */
    private ByteArrayOutputStream general;

    /** Encodes {@code event}; its bytes are {@link #bytes()}{@code [0, }{@link #length()}{@code )} until the next call. */
    void encode(TraceEvent event) {
        len = 0;
        if (!direct(event)) encodeGeneral(event);
        else if (event instanceof TraceEvent.Step s) step(s);
        else if (event instanceof TraceEvent.Arrival a) arrival(a);
        else completion((TraceEvent.Completion) event);
    }

    /** Whether {@link #encode} writes {@code event} straight, without the generator. */
    static boolean direct(TraceEvent event) {
        if (event instanceof TraceEvent.Step s) return plain(s);
        if (event instanceof TraceEvent.Arrival a) return plain(a.request().client());
        return event instanceof TraceEvent.Completion;
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    /** Encodes {@code event} with Jackson's generator, whatever it is (what {@link #encode} does for other lines). */
    void encodeGeneral(TraceEvent event) {
        if (general == null) general = new ByteArrayOutputStream(512);
        general.reset();
        try (JsonGenerator g = JSON.createGenerator(general, JsonEncoding.UTF8)) {
            emit(g, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        len = 0;
        ensure(general.size());
        byte[] out = general.toByteArray();
        System.arraycopy(out, 0, buf, 0, out.length);
        len = out.length;
    }

    // ---- the direct path ---------------------------------------------------------------------------------------

    // The fixed parts of the direct path's lines, as bytes (copied whole: no per-character loop on every line).
    private static final byte[] STEP = bytes("{\"type\":\"step\",\"index\":");
    private static final byte[] START_US = bytes(",\"startUs\":");
    private static final byte[] DURATION_US = bytes(",\"durationUs\":");
    private static final byte[] PREEMPTED = bytes(",\"preempted\":");
    private static final byte[] OFFLOADED = bytes(",\"offloaded\":");
    private static final byte[] PREFETCHED = bytes(",\"prefetched\":");
    private static final byte[] SLICES = bytes(",\"slices\":[");
    private static final byte[] REJECTED_HITS = bytes("],\"rejected\":true,\"hits\":[");
    private static final byte[] APPLIED_HITS = bytes("],\"rejected\":false,\"hits\":[");
    private static final byte[] EVICTED = bytes("],\"evictedBlocks\":");
    private static final byte[] EMITTED = bytes(",\"emitted\":[");
    private static final byte[] FINISHED = bytes("],\"finished\":");
    private static final byte[] KV_USED = bytes(",\"kvUsedBlocks\":");
    private static final byte[] WITNESS = bytes(",\"violations\":[],\"witness\":{");
    private static final byte[] KEY_END = bytes("\":");
    private static final byte[] STEP_END = bytes("}}");
    private static final byte[] ARRIVAL = bytes("{\"type\":\"arrival\",\"timeUs\":");
    private static final byte[] ID = bytes(",\"id\":");
    private static final byte[] CLIENT = bytes(",\"client\":\"");
    private static final byte[] ARRIVAL_US = bytes("\",\"arrivalUs\":");
    private static final byte[] PROMPT = bytes(",\"prompt\":[");
    private static final byte[] MAX_NEW = bytes("],\"maxNewTokens\":");
    private static final byte[] COMPLETION = bytes("{\"type\":\"completion\",\"timeUs\":");
    private static final byte[] REQUEST_ID = bytes(",\"requestId\":");
    private static final byte[] GENERATED = bytes(",\"generated\":");
    private static final byte[] PREEMPTIONS = bytes(",\"preemptions\":");

    private static boolean plain(TraceEvent.Step s) {
        if (!s.violations().isEmpty()) return false;
        for (String k : s.witness().keySet()) {
            if (k.isEmpty() || !all(k, CanonicalLine::isKeyChar)) return false;
        }
        return true;
    }

    private static boolean plain(String s) {
        return all(s, CanonicalLine::isClientChar);
    }

    /** Whether every character of {@code s} is one {@code ok} takes (a loop: this is on every line's path). */
    private static boolean all(String s, java.util.function.IntPredicate ok) {
        for (int i = 0; i < s.length(); i++) {
            if (!ok.test(s.charAt(i))) return false;
        }
        return true;
    }

    private void step(TraceEvent.Step s) {
        put(STEP);
        number(s.index());
        put(START_US);
        number(s.startUs());
        put(DURATION_US);
        number(s.durationUs());
        put(PREEMPTED);
        ids(s.preempted());
        // Written only when non-empty, so traces without offloading stay as they were.
        if (!s.offloaded().isEmpty()) {
            put(OFFLOADED);
            ids(s.offloaded());
        }
        if (!s.prefetched().isEmpty()) {
            put(PREFETCHED);
            ids(s.prefetched());
        }
        put(SLICES);
        List<Slice> slices = s.slices();
        for (int k = 0; k < slices.size(); k++) {
            Slice sl = slices.get(k);
            if (k > 0) put(',');
            put('[');
            number(sl.requestId());
            put(',');
            number(sl.start());
            put(',');
            number(sl.length());
            put(']');
        }
        put(s.rejected() ? REJECTED_HITS : APPLIED_HITS);
        List<TraceEvent.Hit> hits = s.hits();
        for (int k = 0; k < hits.size(); k++) {
            if (k > 0) put(',');
            pair(hits.get(k).requestId(), hits.get(k).tokens());
        }
        put(EVICTED);
        number(s.evictedBlocks());
        put(EMITTED);
        List<TraceEvent.Emit> emitted = s.emitted();
        for (int k = 0; k < emitted.size(); k++) {
            if (k > 0) put(',');
            pair(emitted.get(k).requestId(), emitted.get(k).token());
        }
        put(FINISHED);
        ids(s.finished());
        put(KV_USED);
        number(s.kvUsedBlocks());
        put(WITNESS);
        List<Map.Entry<String, Long>> witness = sorted(s.witness());
        for (int k = 0; k < witness.size(); k++) {
            if (k > 0) put(',');
            put('"');
            ascii(witness.get(k).getKey());
            put(KEY_END);
            number(witness.get(k).getValue());
        }
        put(STEP_END);
    }

    private void arrival(TraceEvent.Arrival a) {
        Request r = a.request();
        put(ARRIVAL);
        number(a.timeUs());
        put(ID);
        number(r.id());
        put(CLIENT);
        ascii(r.client());
        put(ARRIVAL_US);
        number(r.arrivalUs());
        put(PROMPT);
        Prompt p = r.prompt();
        long[] keys = p.keys();
        int[] ends = p.ends();
        for (int k = 0; k < keys.length; k++) {
            if (k > 0) put(',');
            pair(keys[k], ends[k]);
        }
        put(MAX_NEW);
        number(r.maxNewTokens());
        put('}');
    }

    private void completion(TraceEvent.Completion c) {
        put(COMPLETION);
        number(c.timeUs());
        put(REQUEST_ID);
        number(c.requestId());
        put(GENERATED);
        number(c.generated());
        put(PREEMPTIONS);
        number(c.preemptions());
        put('}');
    }

    private void ids(List<Long> ids) {
        put('[');
        for (int k = 0; k < ids.size(); k++) {
            if (k > 0) put(',');
            number(ids.get(k));
        }
        put(']');
    }

    private void pair(long a, long b) {
        put('[');
        number(a);
        put(',');
        number(b);
        put(']');
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A string of ASCII characters, byte for byte. */
    @SuppressWarnings("deprecation") // the one String copy that writes chars' low bytes without allocating: exact for ASCII
    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, len);
        len += n;
    }

    private void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    /** A long in decimal, as JSON (and Jackson) writes it. */
    private void number(long v) {
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            if (v == Long.MIN_VALUE) {
                ascii("9223372036854775808");
                return;
            }
            v = -v;
        }
        int digits = 1;
        while (digits < 19 && v >= POWERS[digits]) digits++;
        int at = len + digits;
        len = at;
        while (v > Integer.MAX_VALUE) {
            long q = v / 10;
            buf[--at] = (byte) ('0' + (v - 10 * q));
            v = q;
        }
        for (int i = (int) v; ; ) { // int division, cheaper than long
            int q = i / 10;
            buf[--at] = (byte) ('0' + (i - 10 * q));
            if (q == 0) break;
            i = q;
        }
    }

    /** 10^k for k < 19. */
    private static final long[] POWERS = new long[19];

    static {
        POWERS[0] = 1;
        for (int k = 1; k < POWERS.length; k++) POWERS[k] = 10 * POWERS[k - 1];
    }

    private void ensure(int more) {
        if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(len + more, 2 * buf.length));
    }

    // ---- the general path: Jackson's generator -----------------------------------------------------------------

    private static void emit(JsonGenerator g, TraceEvent event) throws IOException {
        if (event instanceof TraceEvent.Header h) {
            header(g, h);
        } else if (event instanceof TraceEvent.Arrival a) {
            g.writeStartObject();
            g.writeStringField("type", "arrival");
            g.writeNumberField("timeUs", a.timeUs());
            TraceJson.requestFields(g, a.request());
            g.writeEndObject();
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

    private static void step(JsonGenerator g, TraceEvent.Step s) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "step");
        g.writeNumberField("index", s.index());
        g.writeNumberField("startUs", s.startUs());
        g.writeNumberField("durationUs", s.durationUs());
        g.writeArrayFieldStart("preempted");
        for (Long id : s.preempted()) g.writeNumber(id);
        g.writeEndArray();
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
        if (map.size() == 1) return List.copyOf(map.entrySet());
        List<Map.Entry<String, V>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        return entries;
    }
}
