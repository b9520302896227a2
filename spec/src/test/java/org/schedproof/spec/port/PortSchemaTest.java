package org.schedproof.spec.port;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** port/<type>.schema.json (JSON Schema 2020-12) accept the messages of spec/PORT.md and reject broken ones. */
class PortSchemaTest {
    /** Every line of every json block of PORT.md. */
    static List<String> docExamples() throws IOException {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(Path.of("PORT.md"))) {
            if (line.startsWith("```")) {
                in = line.equals("```json");
            } else if (in && !line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void everySchemaIsDraft2020WithItsIdAndType() throws IOException {
        for (String type : PortSchemas.TYPES) {
            try (InputStream in = PortSchemaTest.class.getResourceAsStream("/port/" + type + ".schema.json")) {
                assertThat(in).as(type).isNotNull();
                JsonNode s = PortSchemas.JSON.readTree(in);
                assertThat(s.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
                assertThat(s.get("$id").asText()).isEqualTo("https://schedproof.org/port/" + type + ".schema.json");
                assertThat(s.at("/properties/type/const").asText()).isEqualTo(type);
                assertThat(s.get("additionalProperties").asBoolean(true)).as(type).isFalse();
            }
        }
    }

    @Test
    void everyExampleOfPortMdValidatesAndEveryTypeHasOne() throws IOException {
        Set<String> types = new TreeSet<>();
        for (String line : docExamples()) {
            assertThat(PortSchemas.validate(line)).as(line).isEmpty();
            types.add(PortSchemas.JSON.readTree(line).get("type").asText());
        }
        assertThat(types).containsExactlyInAnyOrderElementsOf(PortSchemas.TYPES);
    }

    static String example(String type) throws IOException {
        for (String line : docExamples()) {
            if (PortSchemas.JSON.readTree(line).get("type").asText().equals(type)) return line;
        }
        throw new AssertionError("no " + type + " example in PORT.md");
    }

    static void rejects(String line) {
        assertThat(PortSchemas.validate(line)).as(line).isNotEmpty();
    }

    @Test
    void brokenMessagesAreRejected() throws IOException {
        String hello = example("hello");
        rejects(hello.replace("schedproof.port/1", "schedproof.port/2"));
        rejects(hello.replace("\"numBlocks\":24,", ""));
        rejects(hello.replace("\"quantum\":\"512\"", "\"quantum\":512"));
        rejects(hello.replace("\"requests\":80", "\"requests\":-1"));
        String ready = example("ready");
        rejects(ready.replace("\"name\":\"acme-dlpm 0.3\"", "\"name\":\"\""));
        rejects(ready.replace("}", ",\"version\":2}"));
        String arrival = example("arrival");
        rejects(arrival.replace("\"maxNewTokens\":1", "\"maxNewTokens\":0"));
        rejects(arrival.replace("[[7,16],[9,24]]", "[]"));
        rejects(arrival.replace("\"nowUs\"", "\"timeUs\""));
        String step = example("step");
        rejects(step.replace("\"queue\":\"waiting\"", "\"queue\":\"paused\""));
        rejects(step.replace("\"releasable\":1", "\"releasable\":-1"));
        rejects(step.replace("\"cached\":16", "\"cached\":16.5"));
        rejects(step.replace(",\"releasable\":0}", "}"));
        // a running request has no cached prefix to offer
        rejects(step.replace("\"computed\":20,\"generated\":1,\"blocksHeld\":2,\"preemptions\":0,\"cached\":0",
                "\"computed\":20,\"generated\":1,\"blocksHeld\":2,\"preemptions\":0,\"cached\":16"));
        String batch = example("batch");
        rejects(batch.replace("[0,20,1]", "[0,20,0]"));
        rejects(batch.replace("[0,20,1]", "[0,20]"));
        rejects(batch.replace("[0,20,1]", "[0,20,1,1]"));
        rejects(batch.replace("\"preempt\":[],", ""));
        rejects(batch.replace("\"blocked\":2", "\"blocked\":\"2\""));
        rejects(batch.replace("\"preempt\":[]", "\"preempt\":[-1]"));
        rejects(batch.replace("\"slices\"", "\"priority\":1,\"slices\""));
        String result = example("result");
        rejects(result.replace("\"rejected\":false", "\"rejected\":true"));
        rejects(result.replace("\"emitted\":[0,1]", "\"emitted\":[[0,-1]]"));
        rejects(example("end").replace("\"done\"", "\"Done\""));
        rejects(example("error").replace("\"message\"", "\"reason\""));
        rejects(example("refuse").replace("\"type\":\"refuse\"", "\"type\":\"refused\""));
        rejects("{\"index\":1}");
    }

    @Test
    void theSchemasAcceptWhatTheyMakeOptional() throws IOException {
        String batch = example("batch");
        assertThat(PortSchemas.validate(batch.replace(",\"witness\":{\"blocked\":2}", ""))).isEmpty();
        assertThat(PortSchemas.validate(batch.replace("\"preempt\":[]", "\"preempt\":[],\"offload\":[3],\"prefetch\":[4]")))
                .isEmpty();
    }
}
