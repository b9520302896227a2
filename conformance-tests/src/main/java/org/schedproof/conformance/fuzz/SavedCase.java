package org.schedproof.conformance.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.WorkloadWriter;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.trace.TraceJson;
import org.schedproof.spec.trace.TraceReader;

/**
 * A failure saved as a replayable case, the folder {@code DIR/failures/ID/}: {@code workload.jsonl} (the shrunk
 * workload in the native {@code schedproof:} format, spec/WORKLOAD.md), {@code case.json} (the target, the oracles, the
 * policy options, the engine as a trace header writes it, the failing invariant and where the case came from),
 * {@code trace.jsonl} (the trace the run wrote) and {@code verdict.txt}. {@link #load} and a run of the same target
 * reproduce the trace byte for byte.
 */
public record SavedCase(String id, Target target, Oracles oracles, Map<String, String> params, EngineConfig config,
                        Workload workload, String failure, String origin) {
    public static final String SCHEMA = "schedproof.fuzz-case/1";
    public static final String CASE = "case.json";
    public static final String WORKLOAD = "workload.jsonl";
    public static final String TRACE = "trace.jsonl";
    public static final String VERDICT = "verdict.txt";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SavedCase {
        params = new TreeMap<>(params);
    }

    /** Writes the case folder {@code dir} (replacing its files) with the run's trace and verdict. */
    public void save(Path dir, CaseRunner.Run run) throws IOException {
        Files.createDirectories(dir);
        WorkloadWriter.write(workload, dir.resolve(WORKLOAD));
        Files.write(dir.resolve(TRACE), run.traceBytes());
        Files.writeString(dir.resolve(VERDICT), run.verdict() + "\n");
        ObjectNode o = JSON.createObjectNode();
        o.put("schema", SCHEMA);
        o.put("id", id);
        ObjectNode t = o.putObject("target");
        t.put("kind", target.kind().name().toLowerCase());
        t.put("policy", target.policy());
        t.put("batching", target.batching());
        if (target.mutant() != null) t.put("mutant", target.mutant());
        if (!target.port().isEmpty()) target.port().forEach(t.putArray("port")::add);
        o.put("oracles", oracles.level().name());
        o.put("failure", failure);
        o.put("origin", origin);
        o.put("requests", workload.size());
        ObjectNode p = o.putObject("params");
        params.forEach(p::put);
        o.set("engine", JSON.readTree(engineJson(config)));
        Files.writeString(dir.resolve(CASE), JSON.writeValueAsString(o) + "\n");
    }

    /** Reads a case folder; errors name the file and the field. */
    public static SavedCase load(Path dir) throws IOException {
        Path file = dir.resolve(CASE);
        if (!Files.isRegularFile(file)) throw new IOException(dir + " is not a saved fuzz case: no " + CASE);
        JsonNode o = JSON.readTree(file.toFile());
        if (!SCHEMA.equals(o.path("schema").asText())) {
            throw new IOException(file + ": field schema: expected " + SCHEMA + ", got " + o.path("schema"));
        }
        JsonNode t = required(o, "target", file);
        String kind = required(t, "kind", file).asText();
        String policy = required(t, "policy", file).asText();
        String batching = required(t, "batching", file).asText();
        Map<String, String> params = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.path("params").fields(); it.hasNext(); ) {
            var e = it.next();
            params.put(e.getKey(), e.getValue().asText());
        }
        Target target;
        try {
            target = switch (kind) {
                case "policy" -> Target.policy(policy, batching, params, false);
                case "fast" -> Target.policy(policy, batching, params, true);
                case "mutant" -> Target.mutant(required(t, "mutant", file).asText());
                case "port" -> {
                    List<String> argv = new ArrayList<>();
                    required(t, "port", file).forEach(a -> argv.add(a.asText()));
                    yield Target.port(argv, policy, batching, params);
                }
                default -> throw new IOException(file + ": field target.kind: unknown '" + kind
                        + "' (policy, fast, mutant, port)");
            };
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": field target: " + e.getMessage(), e);
        }
        Oracles oracles;
        try {
            oracles = Oracles.parse(required(o, "oracles", file).asText());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": field oracles: " + e.getMessage(), e);
        }
        EngineConfig config = engine(required(o, "engine", file).toString(), file);
        Workload read = Workloads.load("schedproof:" + dir.resolve(WORKLOAD));
        // The trace's header names the workload: keep the name the file records, not the address it was read from.
        Workload w = new Workload(workloadName(dir.resolve(WORKLOAD)), read.requests(), read.digest());
        return new SavedCase(o.path("id").asText(dir.getFileName().toString()), target, oracles, params, config, w,
                o.path("failure").asText(null), o.path("origin").asText(""));
    }

    /** The saved trace's bytes. */
    public static byte[] trace(Path dir) throws IOException {
        return Files.readAllBytes(dir.resolve(TRACE));
    }

    private static String workloadName(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            String first = lines.filter(l -> !l.isBlank()).findFirst().orElse("{}");
            JsonNode name = JSON.readTree(first).get("name");
            if (name == null) throw new IOException(file + ": line 1: field name is missing");
            return name.asText();
        }
    }

    private static JsonNode required(JsonNode o, String field, Path file) throws IOException {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) throw new IOException(file + ": field " + field + " is missing");
        return v;
    }

    /** The engine object exactly as a trace header writes it. */
    static String engineJson(EngineConfig c) {
        StringWriter s = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(s)) {
            TraceJson.engine(g, c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s.toString();
    }

    /** Parses an engine object with the trace reader's own rules (spec/TRACE.md, header.engine). */
    static EngineConfig engine(String json, Path file) throws IOException {
        String header = "{\"type\":\"header\",\"schema\":\"schedproof.trace/1\",\"engine\":" + json
                + ",\"policy\":\"fcfs/sarathi\",\"parameters\":{},\"workload\":\"-\",\"requests\":0,"
                + "\"workloadDigest\":\"-\"}\n";
        try (TraceReader r = TraceReader.ofString(header, file + " (field engine)")) {
            return r.header().engine();
        } catch (RuntimeException e) {
            throw new IOException(file + ": field engine: " + e.getMessage(), e);
        }
    }
}
