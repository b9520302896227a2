package org.schedproof.conformance.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.Request;
import org.schedproof.spec.Violation;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.StepOutcome;
import org.schedproof.spec.trace.TraceJson;

/**
 * The harness's lines of spec/PORT.md, in canonical form: {@code type} first, members in the page's order, no
 * whitespace, integers only, map keys sorted, {@code '\n'} after each. Messages accumulate in a buffer until
 * {@link #drain()} hands them to the pipe, so the arrivals before a step travel with it.
 */
final class HarnessMessages {
    static final String PROTOCOL = "schedproof.port/1";

    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .rootValueSeparator((String) null)
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    // A step names up to maxRunning + waiting requests: their member names are encoded once, not per entry.
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString QUEUE = new SerializedString("queue");
    private static final SerializedString[] CHANGE_FIELDS = ViewMirror.FIELDS.stream().map(SerializedString::new)
            .toArray(SerializedString[]::new);

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 12);
    private final JsonGenerator g;

    HarnessMessages() {
        try {
            g = JSON.createGenerator(buffer, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines written since the last drain. */
    byte[] drain() {
        try {
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] out = buffer.toByteArray();
        buffer.reset();
        return out;
    }

    void hello(Hello h) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "hello");
        g.writeStringField("protocol", PROTOCOL);
        g.writeStringField("policy", h.policy());
        g.writeObjectFieldStart("parameters");
        for (Map.Entry<String, String> p : sorted(h.parameters())) g.writeStringField(p.getKey(), p.getValue());
        g.writeEndObject();
        g.writeFieldName("engine");
        TraceJson.engine(g, h.engine());
        g.writeStringField("workload", h.workload());
        g.writeNumberField("requests", h.requests());
        end();
    }

    void arrival(Request r, long nowUs) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "arrival");
        g.writeNumberField("nowUs", nowUs);
        TraceJson.requestFields(g, r);
        end();
    }

    /** A step message: the view's scalars, then the mirror's changes ({@link ViewMirror#changes}), then gone ids. */
    void step(EngineView v, ViewMirror mirror, List<Long> gone) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "step");
        g.writeNumberField("index", v.stepIndex());
        g.writeNumberField("nowUs", v.nowUs());
        g.writeNumberField("freeBlocks", v.freeBlocks());
        g.writeNumberField("evictableBlocks", v.evictableBlocks());
        g.writeNumberField("hostFreeBlocks", v.hostFreeBlocks());
        g.writeArrayFieldStart("changed");
        mirror.changes(v, gone, this::change);
        g.writeEndArray();
        g.writeArrayFieldStart("gone");
        for (long id : gone) g.writeNumber(id);
        g.writeEndArray();
        end();
    }

    private void change(long id, String queue, int[] values) {
        try {
            g.writeStartObject();
            g.writeFieldName(ID);
            g.writeNumber(id);
            g.writeFieldName(QUEUE);
            g.writeString(queue);
            for (int k = 0; k < CHANGE_FIELDS.length; k++) {
                g.writeFieldName(CHANGE_FIELDS[k]);
                g.writeNumber(values[k]);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void result(StepOutcome o, List<Violation> violations) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "result");
        g.writeNumberField("index", o.step());
        g.writeNumberField("startUs", o.startUs());
        g.writeNumberField("durationUs", o.durationUs());
        g.writeBooleanField("rejected", o.rejected());
        g.writeFieldName("ran");
        TraceJson.slices(g, o.ran());
        ids("preempted", o.preempted());
        ids("emitted", o.emitted());
        ids("finished", o.finished());
        g.writeFieldName("violations");
        TraceJson.violations(g, violations);
        end();
    }

    void end(String reason) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "end");
        g.writeStringField("reason", reason);
        end();
    }

    private void ids(String field, List<Long> ids) throws IOException {
        g.writeArrayFieldStart(field);
        for (long id : ids) g.writeNumber(id);
        g.writeEndArray();
    }

    private void end() throws IOException {
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private static List<Map.Entry<String, String>> sorted(Map<String, String> map) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        return entries;
    }
}
