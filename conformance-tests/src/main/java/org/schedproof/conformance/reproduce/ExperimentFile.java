package org.schedproof.conformance.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an experiment's data file: one JSON object with the fields of {@link Experiment} (REPRODUCTION.md, "The
 * experiment files"). Values of maps are strings or numbers; a missing or mistyped field is an error naming the file
 * and the field.
 */
public final class ExperimentFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ENGINE_KEYS = Set.of("blocks", "budget", "maxRunning", "hostBlocks", "hostKvBits",
            "workers");

    private ExperimentFile() {}

    /** Reads {@code reproduce/NAME.json} from the classpath. */
    public static Experiment resource(String name) {
        String path = "/reproduce/" + name + ".json";
        try (InputStream in = ExperimentFile.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no experiment file " + path);
            return parse(path, JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    static Experiment parse(String file, JsonNode n) {
        Reader r = new Reader(file);
        String kind = r.text(n, "kind");
        if (!kind.equals(Experiment.COMPARE) && !kind.equals(Experiment.CAPACITY)) {
            throw r.error("kind", "expected compare or capacity, got '" + kind + "'");
        }
        Map<String, String> engine = r.map(n, "engine", false);
        for (String k : engine.keySet()) if (!ENGINE_KEYS.contains(k)) throw r.error("engine." + k, "unknown; known: " + ENGINE_KEYS);
        List<Map<String, String>> points = new ArrayList<>();
        int i = 0;
        for (JsonNode p : r.array(n, "points")) points.add(r.strings(p, "points[" + i++ + "]"));
        if (points.isEmpty()) throw r.error("points", "at least one point (the headline) is needed");
        List<Experiment.Arm> arms = new ArrayList<>();
        i = 0;
        for (JsonNode a : r.array(n, "arms")) {
            String at = "arms[" + i++ + "]";
            arms.add(new Experiment.Arm(r.text(a, "label", at), r.text(a, "policy", at),
                    a.has("batching") ? r.text(a, "batching", at) : "sarathi", r.map(a, "params", at),
                    a.has("router") ? r.text(a, "router", at) : null, r.map(a, "routerParams", at),
                    r.map(a, "engine", at)));
        }
        Experiment.Capacity capacity = null;
        if (kind.equals(Experiment.CAPACITY)) {
            JsonNode c = r.node(n, "capacity");
            Map<String, String> slo = r.map(c, "slo", "capacity");
            slo.keySet().forEach(Measure::of);
            capacity = new Experiment.Capacity(r.text(c, "rate", "capacity"), r.scalar(c, "lo", "capacity"),
                    r.scalar(c, "hi", "capacity"), (int) r.number(c, "steps", "capacity"), slo);
        }
        JsonNode q = r.node(n, "quick");
        List<String> quickPoints = new ArrayList<>();
        for (JsonNode p : r.array(q, "points")) quickPoints.add(p.asText());
        List<String> notes = new ArrayList<>();
        if (n.has("notes")) for (JsonNode p : r.array(n, "notes")) notes.add(p.asText());
        Experiment e = new Experiment(r.text(n, "name"), r.text(n, "title"), r.text(n, "paper"), r.text(n, "where"),
                r.text(n, "claim"), r.text(n, "paperText"), r.number(n, "paperValue", ""), kind, r.text(n, "profile"),
                engine, r.text(n, "workload"), r.map(n, "vars", false), points, arms, r.text(n, "metric"),
                r.text(n, "subject"), r.text(n, "baseline"), capacity,
                new Experiment.Quick(r.map(q, "vars", "quick"), quickPoints,
                        q.has("expect") ? r.text(q, "expect", "quick") : "better"), notes);
        if (!e.quick().expect().equals("better") && !e.quick().expect().equals("no-loss")) {
            throw r.error("quick.expect", "expected better or no-loss, got '" + e.quick().expect() + "'");
        }
        e.arm(e.subject());
        e.arm(e.baseline());
        if (!e.metric().equals(Measure.PER_CLIENT_E2E)) Measure.of(e.metric());
        return e;
    }

    /** Field access with errors that name the file and the field. */
    private record Reader(String file) {
        IllegalArgumentException error(String field, String what) {
            return new IllegalArgumentException(file + ": field " + field + ": " + what);
        }

        JsonNode node(JsonNode n, String field) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) throw error(field, "missing");
            return v;
        }

        String text(JsonNode n, String field) {
            return text(n, field, "");
        }

        String text(JsonNode n, String field, String at) {
            String name = at.isEmpty() ? field : at + "." + field;
            JsonNode v = n.get(field);
            if (v == null || !v.isTextual()) throw error(name, v == null ? "missing" : "expected a string");
            return v.asText();
        }

        double number(JsonNode n, String field, String at) {
            String name = at.isEmpty() ? field : at + "." + field;
            JsonNode v = n.get(field);
            if (v == null || !v.isNumber()) throw error(name, v == null ? "missing" : "expected a number");
            return v.asDouble();
        }

        String scalar(JsonNode n, String field, String at) {
            JsonNode v = n.get(field);
            if (v == null || !v.isValueNode()) throw error(at + "." + field, v == null ? "missing" : "expected a string or number");
            return v.asText();
        }

        Iterable<JsonNode> array(JsonNode n, String field) {
            JsonNode v = n.get(field);
            if (v == null || !v.isArray()) throw error(field, v == null ? "missing" : "expected an array");
            return v;
        }

        Map<String, String> map(JsonNode n, String field, boolean required) {
            if (!n.has(field) && !required) return Map.of();
            return strings(node(n, field), field);
        }

        Map<String, String> map(JsonNode n, String field, String at) {
            if (!n.has(field)) return Map.of();
            return strings(n.get(field), at + "." + field);
        }

        Map<String, String> strings(JsonNode n, String field) {
            if (!n.isObject()) throw error(field, "expected an object");
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode()) throw error(field + "." + e.getKey(), "expected a string or number");
                out.put(e.getKey(), e.getValue().asText());
            }
            return out;
        }
    }
}
