package org.schedproof.spec.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.schedproof.spec.CostProfile;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;

/**
 * The canonical JSON of the values a trace line holds (spec/TRACE.md section 3), for the trace writer and for
 * anything that must write them alike (the port protocol's messages, spec/PORT.md): each writes one JSON value at the
 * generator's position, members in the fixed order.
 */
public final class TraceJson {
    private TraceJson() {}

    /** A header's {@code engine} object; {@code host} only with host memory. */
    public static void engine(JsonGenerator g, EngineConfig e) throws IOException {
        g.writeStartObject();
        g.writeNumberField("numBlocks", e.numBlocks());
        g.writeNumberField("blockSize", e.blockSize());
        g.writeNumberField("tokenBudget", e.tokenBudget());
        g.writeNumberField("maxRunning", e.maxRunning());
        g.writeNumberField("watermarkBlocks", e.watermarkBlocks());
        g.writeBooleanField("prefixCaching", e.prefixCaching());
        CostProfile c = e.cost();
        g.writeObjectFieldStart("cost");
        g.writeStringField("name", c.name());
        g.writeNumberField("basePs", c.basePs());
        g.writeNumberField("prefillTokenPs", c.prefillTokenPs());
        g.writeNumberField("decodeTokenPs", c.decodeTokenPs());
        g.writeNumberField("decodeKvPs", c.decodeKvPs());
        g.writeNumberField("prefillPairPs", c.prefillPairPs());
        g.writeEndObject();
        ModelSpec m = e.model();
        g.writeObjectFieldStart("model");
        g.writeStringField("shape", m.shape());
        g.writeNumberField("seed", m.seed());
        g.writeEndObject();
        g.writeNumberField("maxStalledSteps", e.maxStalledSteps());
        if (e.host().blocks() > 0) {
            // Written only with host memory, so traces of engines without it stay as they were.
            g.writeObjectFieldStart("host");
            g.writeNumberField("blocks", e.host().blocks());
            g.writeNumberField("kvBits", e.host().kvBits());
            g.writeNumberField("transferBlockPs", e.host().transferBlockPs());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** A request's members of an arrival line, after its time: id, client, arrivalUs, prompt, maxNewTokens. */
    public static void requestFields(JsonGenerator g, Request r) throws IOException {
        g.writeNumberField("id", r.id());
        g.writeStringField("client", r.client());
        g.writeNumberField("arrivalUs", r.arrivalUs());
        g.writeFieldName("prompt");
        prompt(g, r.prompt());
        g.writeNumberField("maxNewTokens", r.maxNewTokens());
    }

    /** A prompt as {@code [key, end]} segments. */
    public static void prompt(JsonGenerator g, Prompt p) throws IOException {
        long[] keys = p.keys();
        int[] ends = p.ends();
        g.writeStartArray();
        for (int s = 0; s < keys.length; s++) {
            g.writeStartArray();
            g.writeNumber(keys[s]);
            g.writeNumber(ends[s]);
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /** Slices as {@code [requestId, start, length]}. */
    public static void slices(JsonGenerator g, List<Slice> slices) throws IOException {
        g.writeStartArray();
        for (Slice sl : slices) {
            g.writeStartArray();
            g.writeNumber(sl.requestId());
            g.writeNumber(sl.start());
            g.writeNumber(sl.length());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /** Violations as {@code {rule, requestId, message}} objects (the step is the line's). */
    public static void violations(JsonGenerator g, List<Violation> violations) throws IOException {
        g.writeStartArray();
        for (Violation v : violations) {
            g.writeStartObject();
            g.writeStringField("rule", v.rule());
            g.writeNumberField("requestId", v.requestId());
            g.writeStringField("message", v.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
