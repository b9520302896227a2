package org.schedproof.conformance.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.Scheduler;

/**
 * Every line of a real run, as a recording proxy between the harness and the Python FCFS port saw it, validates
 * against the schema of its type (spec's port/<type>.schema.json); the harness's lines are canonical (type first),
 * and the hello's engine is the trace header's.
 */
@Timeout(120)
class PortMessagesMatchSchemaTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix("https://schedproof.org/", "classpath:")));

    @Test
    void everyMessageOfARealRunValidates(@TempDir Path dir) throws Exception {
        Ports.assumePython();
        Workload w = Workloads.load("gen:bursty?requests=80&clients=3&qps=100&input=16..256&output=4..64&seed=3");
        EngineConfig config = FcfsPortRoundTripTest.tight(w);
        Scheduler fcfs = Schedulers.create("fcfs", "sarathi");
        Path capture = dir.resolve("capture.txt");
        List<String> argv = new ArrayList<>(Ports.python(Ports.resource("tools/recorder.py"), capture.toString()));
        argv.addAll(Ports.python(Ports.port("fcfs_sarathi.py")));
        Ports.Traced t = Ports.portTrace(argv, PortOptions.DEFAULTS, fcfs, config, w, null);
        assertThat(t.result().failure()).isEmpty();

        Map<String, JsonSchema> schemas = new HashMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        List<String> lines = Files.readAllLines(capture, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).substring(2);
            JsonNode node = JSON.readTree(line);
            String type = node.get("type").asText();
            String who = lines.get(i).startsWith("> ") ? "harness" : "port";
            counts.merge(who + " " + type, 1, Integer::sum);
            JsonSchema schema = schemas.computeIfAbsent(type, x -> SCHEMAS.getSchema(
                    SchemaLocation.of("https://schedproof.org/port/" + x + ".schema.json")));
            assertThat(schema.validate(node)).as("capture line %d: %s", i + 1, line).isEmpty();
            if (who.equals("harness")) {
                assertThat(node.fieldNames().next()).as("capture line %d", i + 1).isEqualTo("type");
                assertThat(JSON.writeValueAsString(node)).as("compact, as written").isEqualTo(line);
            }
        }
        assertThat(counts).containsOnlyKeys("harness hello", "harness arrival", "harness step", "harness result",
                "harness end", "port ready", "port batch");
        assertThat(counts.get("harness arrival")).isEqualTo(80);
        assertThat(counts.get("harness step")).isEqualTo(counts.get("port batch")).isGreaterThan(100);
        assertThat(counts.get("harness end")).isEqualTo(1);

        String header = new String(t.trace(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertThat(JSON.readTree(lines.get(0).substring(2)).get("engine")).isEqualTo(JSON.readTree(header).get("engine"));
        System.out.println("captured messages: " + counts);
    }
}
