package org.schedproof.spec.port;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The port protocol's schemas (classpath {@code port/<type>.schema.json}), with their references to the trace
 * schema resolved on the classpath: each names {@code https://schedproof.org/...}, which maps to {@code classpath:}.
 */
final class PortSchemas {
    static final List<String> TYPES =
            List.of("hello", "ready", "refuse", "arrival", "step", "batch", "error", "result", "end");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix("https://schedproof.org/", "classpath:")));
    private static final Map<String, JsonSchema> SCHEMAS = new HashMap<>();

    private PortSchemas() {}

    static synchronized JsonSchema of(String type) {
        return SCHEMAS.computeIfAbsent(type, t -> FACTORY.getSchema(
                SchemaLocation.of("https://schedproof.org/port/" + t + ".schema.json")));
    }

    /** The problems of one message line against the schema its {@code type} names (unknown type: one problem). */
    static Set<ValidationMessage> validate(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String type = node.path("type").asText();
        if (!TYPES.contains(type)) {
            return of("end").validate(node); // any schema rejects it: its type const fails
        }
        return of(type).validate(node);
    }
}
