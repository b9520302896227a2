package org.schedproof.conformance.certify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.trace.TraceJson;

/**
 * certificate.json: the certificate as indented JSON (members in declaration order, absent values left out, the
 * engine written exactly as a trace header writes it), and read back as a tree for {@code --verify}.
 */
public final class CertificateJson {
    private CertificateJson() {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .registerModule(new SimpleModule().addSerializer(EngineConfig.class, new EngineSerializer()));

    private static final class EngineSerializer extends StdSerializer<EngineConfig> {
        EngineSerializer() {
            super(EngineConfig.class);
        }

        @Override
        public void serialize(EngineConfig e, JsonGenerator g, SerializerProvider p) throws IOException {
            TraceJson.engine(g, e);
        }
    }

    public static String toJson(Certificate c) {
        try {
            return JSON.writeValueAsString(c) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("certificate not serializable: " + e.getMessage(), e);
        }
    }

    /** The certificate as the tree its file reads back as (numbers typed as a reader types them). */
    public static JsonNode tree(Certificate c) {
        try {
            return JSON.readTree(toJson(c));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Certificate c, Path file) {
        try {
            Files.writeString(file, toJson(c), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CertifyException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Reads a certificate file as a JSON tree; a file that is not one is a {@link CertifyException}. */
    public static JsonNode read(Path file) {
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.isObject()) throw new CertifyException(file + ": not a JSON object");
            if (!Certificate.FORMAT.equals(n.path("format").asText())) {
                throw new CertifyException(file + ": field 'format' is '" + n.path("format").asText() + "', expected '"
                        + Certificate.FORMAT + "'");
            }
            return n;
        } catch (IOException e) {
            throw new CertifyException(file + ": cannot read the certificate: " + e.getMessage(), e);
        }
    }

    /** The first place two certificate trees differ, as a JSON path with both values, or null when equal. */
    public static String firstDifference(JsonNode recorded, JsonNode rerun) {
        return diff("$", recorded, rerun);
    }

    private static String diff(String path, JsonNode a, JsonNode b) {
        if (a.equals(b)) return null;
        if (a.isObject() && b.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode other = b.get(f.getKey());
                if (other == null) return path + "." + f.getKey() + ": recorded " + shorten(f.getValue()) + ", absent now";
                String d = diff(path + "." + f.getKey(), f.getValue(), other);
                if (d != null) return d;
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!a.has(k)) return path + "." + k + ": absent in the record, now " + shorten(b.get(k));
            }
        }
        if (a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                String d = diff(path + "[" + i + "]", a.get(i), b.get(i));
                if (d != null) return d;
            }
            return path + ": " + a.size() + " entries recorded, " + b.size() + " now";
        }
        return path + ": recorded " + shorten(a) + ", now " + shorten(b);
    }

    private static String shorten(JsonNode n) {
        String s = n.toString();
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
