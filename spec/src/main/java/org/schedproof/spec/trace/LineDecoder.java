package org.schedproof.spec.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.CostProfile;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;

/**
 * Turns one line into one event with Jackson's streaming parser, checking JSON types, integer ranges, missing,
 * repeated and unknown fields as it goes; every problem is a {@link TraceProblem} naming the field's path. Lines with
 * {@code type} first (the canonical order; for a header, {@code schema} second, since it must be judged before
 * anything else) are parsed in one pass; other orders go through a tree first. Canonical steps, arrivals and
 * completions take {@link CanonicalLine}'s parser-free path first.
 */
final class LineDecoder {
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Built on first use: only non-canonical lines need trees, and loading databind costs a cold start ~0.5 s. */
    private static final class Trees {
        static final ObjectMapper MAPPER = new ObjectMapper(JSON);
    }
    private static final int INT = Integer.MAX_VALUE;
    private static final long LONG = Long.MAX_VALUE;

    private JsonParser p;
    private final CanonicalLine canonical = new CanonicalLine();

    /** The parser of the line being decoded, for the location of a syntax error. */
    JsonParser parser() {
        return p;
    }

    /** The event on the line, which keeps the line rules ({@link TraceRules}), or a {@link TraceProblem}. */
    TraceEvent decode(byte[] buf, int off, int len) throws IOException {
        // Almost every line is a step, an arrival or a completion as the writer writes it: read those without a parser.
        TraceEvent fast = canonical.parse(buf, off, len);
        if (fast != null) return fast; // it takes only lines that keep the line rules
        TraceEvent event = decodeGeneral(buf, off, len);
        TraceRules.check(event);
        return event;
    }

    /**
     * The event on the line at {@code buf[off]} when it is a canonical line (as {@link #decode} would take it) whose
     * newline comes before {@code limit}, else null; {@link #newline()} is then where it ends.
     */
    TraceEvent decodeCanonical(byte[] buf, int off, int limit) {
        return canonical.parseLine(buf, off, limit);
    }

    /** The index of the newline of the line {@link #decodeCanonical} read last. */
    int newline() {
        return canonical.newline();
    }

    /** Decodes any line with the JSON parser (what {@link #decode} does for a line {@link CanonicalLine} declines). */
    TraceEvent decodeGeneral(byte[] buf, int off, int len) throws IOException {
        p = JSON.createParser(buf, off, len);
        try {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new TraceProblem(null, "expected a JSON object, got " + got(t));
            }
            String first = p.nextFieldName();
            String type = null;
            if ("type".equals(first)) {
                type = typeValue();
            }
            TraceEvent event;
            if (type != null && !type.equals("header")) {
                event = body(type);
            } else if ("header".equals(type) && "schema".equals(p.nextFieldName())) {
                // A canonical header: its schema comes first, so it is judged before anything else on one pass.
                event = header("schema");
            } else {
                // Not canonical, or the header: read the whole object, then walk it with "type" first and, in a
                // header, "schema" second, so that a header of another version is reported as such.
                p.close();
                ObjectMapper trees = Trees.MAPPER;
                JsonNode tree = trees.readTree(JSON.createParser(buf, off, len));
                JsonNode typeNode = tree.get("type");
                if (typeNode == null) throw new TraceProblem("type", "missing: every line has a \"type\" field");
                ObjectNode ordered = trees.createObjectNode();
                ordered.set("type", typeNode);
                if (tree.has("schema")) ordered.set("schema", tree.get("schema"));
                for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    if (!f.getKey().equals("type")) ordered.set(f.getKey(), f.getValue());
                }
                p = ordered.traverse(trees);
                p.nextToken();
                p.nextFieldName();
                event = body(typeValue());
            }
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new TraceProblem(null, "more than one JSON value on the line (one event per line)");
            }
            return event;
        } finally {
            p.close();
        }
    }

    private String typeValue() throws IOException {
        p.nextToken();
        return stringHere("type", -1, -1);
    }

    private TraceEvent body(String type) throws IOException {
        switch (type) {
            case "header": return header(p.nextFieldName());
            case "arrival": return arrival();
            case "step": return step();
            case "completion": return completion();
            case "end": return end();
            default:
                throw new TraceProblem("type", "unknown event type " + TraceRules.quote(type)
                        + " (expected header, arrival, step, completion or end)");
        }
    }

    // ---- events ----------------------------------------------------------------------------------------------

    private static final String[] HEADER = {"schema", "engine", "policy", "parameters", "workload", "requests",
            "workloadDigest"};

    /** The header's fields, the first one's name ({@code first}, null for none) already read. */
    private TraceEvent header(String first) throws IOException {
        String schema = null;
        EngineConfig engine = null;
        String policy = null;
        Map<String, String> parameters = null;
        String workload = null;
        long requests = 0;
        String digest = null;
        int seen = 0;
        for (String name = first; name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "schema":
                    seen = once(seen, 0, name);
                    schema = stringHere(name, -1, -1);
                    if (!TraceEvent.SCHEMA.equals(schema)) throw unsupported(schema);
                    break;
                case "engine": seen = once(seen, 1, name); engine = engine(); break;
                case "policy": seen = once(seen, 2, name); policy = stringHere(name, -1, -1); break;
                case "parameters": seen = once(seen, 3, name); parameters = parameters(); break;
                case "workload": seen = once(seen, 4, name); workload = stringHere(name, -1, -1); break;
                case "requests": seen = once(seen, 5, name); requests = longHere(name, -1, -1, 0, LONG); break;
                case "workloadDigest": seen = once(seen, 6, name); digest = stringHere(name, -1, -1); break;
                default: throw unknownField(name, "a header", HEADER);
            }
        }
        complete(seen, HEADER, "a header");
        return new TraceEvent.Header(schema, engine, policy, parameters, workload, requests, digest);
    }

    private static TraceProblem unsupported(String schema) {
        return new TraceProblem("schema", "unsupported schema version " + TraceRules.quote(schema)
                + " (this reader reads " + TraceRules.quote(TraceEvent.SCHEMA) + ")");
    }

    private static final String[] ENGINE = {"numBlocks", "blockSize", "tokenBudget", "maxRunning", "watermarkBlocks",
            "prefixCaching", "cost", "model", "maxStalledSteps", "host"};

    private EngineConfig engine() throws IOException {
        objectHere("engine");
        int numBlocks = 0, blockSize = 0, tokenBudget = 0, maxRunning = 0, watermark = 0, maxStalled = 0;
        boolean prefixCaching = false;
        CostProfile cost = null;
        ModelSpec model = null;
        EngineConfig.HostMemory host = EngineConfig.HostMemory.NONE;
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            String at = "engine." + name;
            switch (name) {
                case "numBlocks": seen = once(seen, 0, at); numBlocks = intHere(at, -1, -1, 1); break;
                case "blockSize": seen = once(seen, 1, at); blockSize = intHere(at, -1, -1, 1); break;
                case "tokenBudget": seen = once(seen, 2, at); tokenBudget = intHere(at, -1, -1, 1); break;
                case "maxRunning": seen = once(seen, 3, at); maxRunning = intHere(at, -1, -1, 1); break;
                case "watermarkBlocks": seen = once(seen, 4, at); watermark = intHere(at, -1, -1, 0); break;
                case "prefixCaching": seen = once(seen, 5, at); prefixCaching = boolHere(at); break;
                case "cost": seen = once(seen, 6, at); cost = cost(); break;
                case "model": seen = once(seen, 7, at); model = model(); break;
                case "maxStalledSteps": seen = once(seen, 8, at); maxStalled = intHere(at, -1, -1, 1); break;
                case "host": seen = once(seen, 9, at); host = host(); break;
                default: throw unknownField(at, "engine", ENGINE);
            }
        }
        complete(seen | 1 << 9, ENGINE, "engine", "engine.");
        if (watermark >= numBlocks) {
            throw new TraceProblem("engine.watermarkBlocks", "must be less than engine.numBlocks (" + numBlocks
                    + "), got " + watermark);
        }
        try {
            return new EngineConfig(numBlocks, blockSize, tokenBudget, maxRunning, watermark, prefixCaching, cost,
                    model, maxStalled, host);
        } catch (IllegalArgumentException e) {
            throw new TraceProblem("engine", e.getMessage());
        }
    }

    private static final String[] COST = {"name", "basePs", "prefillTokenPs", "decodeTokenPs", "decodeKvPs",
            "prefillPairPs"};

    private CostProfile cost() throws IOException {
        objectHere("engine.cost");
        String name = null;
        long[] v = new long[5];
        int seen = 0;
        String f;
        while ((f = p.nextFieldName()) != null) {
            p.nextToken();
            String at = "engine.cost." + f;
            switch (f) {
                case "name": seen = once(seen, 0, at); name = stringHere(at, -1, -1); break;
                case "basePs": seen = once(seen, 1, at); v[0] = longHere(at, -1, -1, 1, LONG); break;
                case "prefillTokenPs": seen = once(seen, 2, at); v[1] = longHere(at, -1, -1, 0, LONG); break;
                case "decodeTokenPs": seen = once(seen, 3, at); v[2] = longHere(at, -1, -1, 0, LONG); break;
                case "decodeKvPs": seen = once(seen, 4, at); v[3] = longHere(at, -1, -1, 0, LONG); break;
                case "prefillPairPs": seen = once(seen, 5, at); v[4] = longHere(at, -1, -1, 0, LONG); break;
                default: throw unknownField(at, "engine.cost", COST);
            }
        }
        complete(seen, COST, "engine.cost", "engine.cost.");
        return new CostProfile(name, v[0], v[1], v[2], v[3], v[4]);
    }

    private static final String[] HOST = {"blocks", "kvBits", "transferBlockPs"};

    /** The optional host-memory tier: present only when it has blocks. */
    private EngineConfig.HostMemory host() throws IOException {
        objectHere("engine.host");
        long[] v = new long[3];
        int seen = 0;
        String f;
        while ((f = p.nextFieldName()) != null) {
            p.nextToken();
            String at = "engine.host." + f;
            switch (f) {
                case "blocks": seen = once(seen, 0, at); v[0] = intHere(at, -1, -1, 1); break;
                case "kvBits": seen = once(seen, 1, at); v[1] = intHere(at, -1, -1, 1); break;
                case "transferBlockPs": seen = once(seen, 2, at); v[2] = longHere(at, -1, -1, 0, LONG); break;
                default: throw unknownField(at, "engine.host", HOST);
            }
        }
        complete(seen, HOST, "engine.host", "engine.host.");
        if (v[1] > 16) throw new TraceProblem("engine.host.kvBits", "expected at most 16, got " + v[1]);
        return new EngineConfig.HostMemory((int) v[0], (int) v[1], v[2]);
    }

    private static final String[] MODEL = {"shape", "seed"};

    private ModelSpec model() throws IOException {
        objectHere("engine.model");
        String shape = null;
        long seed = 0;
        int seen = 0;
        String f;
        while ((f = p.nextFieldName()) != null) {
            p.nextToken();
            String at = "engine.model." + f;
            switch (f) {
                case "shape": seen = once(seen, 0, at); shape = stringHere(at, -1, -1); break;
                case "seed": seen = once(seen, 1, at); seed = longHere(at, -1, -1, Long.MIN_VALUE, LONG); break;
                default: throw unknownField(at, "engine.model", MODEL);
            }
        }
        complete(seen, MODEL, "engine.model", "engine.model.");
        return new ModelSpec(shape, seed);
    }

    private Map<String, String> parameters() throws IOException {
        objectHere("parameters");
        Map<String, String> out = new HashMap<>();
        String f;
        while ((f = p.nextFieldName()) != null) {
            p.nextToken();
            out.put(f, stringHere("parameters." + f, -1, -1));
        }
        return out;
    }

    private static final String[] ARRIVAL = {"timeUs", "id", "client", "arrivalUs", "prompt", "maxNewTokens"};

    private TraceEvent arrival() throws IOException {
        long time = 0, id = 0, arrivalUs = 0;
        String client = null;
        Prompt prompt = null;
        int maxNew = 0;
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            switch (name) {
                case "timeUs": seen = once(seen, 0, name); time = longHere(name, -1, -1, 0, LONG); break;
                case "id": seen = once(seen, 1, name); id = longHere(name, -1, -1, 0, LONG); break;
                case "client":
                    seen = once(seen, 2, name);
                    client = stringHere(name, -1, -1);
                    if (client.isEmpty()) throw new TraceProblem(name, "must not be empty");
                    break;
                case "arrivalUs": seen = once(seen, 3, name); arrivalUs = longHere(name, -1, -1, 0, LONG); break;
                case "prompt": seen = once(seen, 4, name); prompt = prompt(); break;
                case "maxNewTokens": seen = once(seen, 5, name); maxNew = intHere(name, -1, -1, 1); break;
                default: throw unknownField(name, "an arrival", ARRIVAL);
            }
        }
        complete(seen, ARRIVAL, "an arrival");
        return new TraceEvent.Arrival(time, new Request(id, client, arrivalUs, prompt, maxNew));
    }

    private Prompt prompt() throws IOException {
        arrayHere("prompt", -1);
        long[] keys = new long[8];
        int[] ends = new int[8];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            tupleHere("prompt", n, "[key, end]");
            if (n == keys.length) {
                keys = java.util.Arrays.copyOf(keys, 2 * n);
                ends = java.util.Arrays.copyOf(ends, 2 * n);
            }
            keys[n] = element("prompt", n, 0, 2, "[key, end]", Long.MIN_VALUE, LONG);
            int end = (int) element("prompt", n, 1, 2, "[key, end]", 1, INT);
            if (n > 0 && end <= ends[n - 1]) {
                throw new TraceProblem("prompt[" + n + "][1]", "segment ends must increase, got " + end + " after "
                        + ends[n - 1]);
            }
            ends[n] = end;
            closeTuple("prompt", n, 2, "[key, end]");
            n++;
        }
        if (n == 0) throw new TraceProblem("prompt", "a prompt has at least one segment, got []");
        return new Prompt(java.util.Arrays.copyOf(keys, n), java.util.Arrays.copyOf(ends, n));
    }

    private static final String[] STEP = {"index", "startUs", "durationUs", "preempted", "slices", "rejected", "hits",
            "evictedBlocks", "emitted", "finished", "kvUsedBlocks", "violations", "witness", "offloaded", "prefetched"};
    /** The step fields a line may omit (present only when non-empty). */
    private static final int STEP_OPTIONAL = 1 << 13 | 1 << 14;

    private TraceEvent step() throws IOException {
        long index = 0, start = 0, duration = 0;
        List<Long> preempted = List.of(), finished = List.of(), offloaded = List.of(), prefetched = List.of();
        List<Slice> slices = List.of();
        boolean rejected = false;
        List<TraceEvent.Hit> hits = List.of();
        int evicted = 0, kvUsed = 0;
        List<TraceEvent.Emit> emitted = List.of();
        List<Violation> violations = List.of();
        Map<String, Long> witness = Map.of();
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            switch (name) {
                case "index": seen = once(seen, 0, name); index = longHere(name, -1, -1, 0, LONG); break;
                case "startUs": seen = once(seen, 1, name); start = longHere(name, -1, -1, 0, LONG); break;
                case "durationUs": seen = once(seen, 2, name); duration = longHere(name, -1, -1, 0, LONG); break;
                case "preempted": seen = once(seen, 3, name); preempted = ids(name); break;
                case "slices": seen = once(seen, 4, name); slices = slices(); break;
                case "rejected": seen = once(seen, 5, name); rejected = boolHere(name); break;
                case "hits": seen = once(seen, 6, name); hits = hits(); break;
                case "evictedBlocks": seen = once(seen, 7, name); evicted = intHere(name, -1, -1, 0); break;
                case "emitted": seen = once(seen, 8, name); emitted = emits(); break;
                case "finished": seen = once(seen, 9, name); finished = ids(name); break;
                case "kvUsedBlocks": seen = once(seen, 10, name); kvUsed = intHere(name, -1, -1, 0); break;
                case "violations": seen = once(seen, 11, name); violations = violations(index, seen); break;
                case "witness": seen = once(seen, 12, name); witness = witness(); break;
                case "offloaded": seen = once(seen, 13, name); offloaded = nonEmptyIds(name); break;
                case "prefetched": seen = once(seen, 14, name); prefetched = nonEmptyIds(name); break;
                default: throw unknownField(name, "a step", STEP);
            }
        }
        complete(seen | STEP_OPTIONAL, STEP, "a step");
        if (!violations.isEmpty() && violations.get(0).step() != index) {
            // "violations" came before "index" (non-canonical order): stamp the index now.
            List<Violation> fixed = new ArrayList<>(violations.size());
            for (Violation v : violations) fixed.add(new Violation(v.rule(), index, v.requestId(), v.message()));
            violations = fixed;
        }
        return new TraceEvent.Step(index, start, duration, preempted, offloaded, prefetched, slices, rejected, hits,
                evicted, emitted, finished, kvUsed, violations, witness);
    }

    private List<Long> ids(String field) throws IOException {
        arrayHere(field, -1);
        List<Long> out = new ArrayList<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) out.add(longHere(field, i, -1, 0, LONG));
        return out;
    }

    /** An optional id list: absent when empty, so an empty one is not canonical. */
    private List<Long> nonEmptyIds(String field) throws IOException {
        List<Long> ids = ids(field);
        if (ids.isEmpty()) throw new TraceProblem(field, "present only when non-empty (omit it)");
        return ids;
    }

    private List<Slice> slices() throws IOException {
        arrayHere("slices", -1);
        List<Slice> out = new ArrayList<>();
        String shape = "[requestId, start, length]";
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            tupleHere("slices", i, shape);
            long id = element("slices", i, 0, 3, shape, 0, LONG);
            int start = (int) element("slices", i, 1, 3, shape, 0, INT);
            int length = (int) element("slices", i, 2, 3, shape, 1, INT);
            closeTuple("slices", i, 3, shape);
            out.add(new Slice(id, start, length));
        }
        return out;
    }

    private List<TraceEvent.Hit> hits() throws IOException {
        arrayHere("hits", -1);
        List<TraceEvent.Hit> out = new ArrayList<>();
        String shape = "[requestId, tokens]";
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            tupleHere("hits", i, shape);
            long id = element("hits", i, 0, 2, shape, 0, LONG);
            int tokens = (int) element("hits", i, 1, 2, shape, 1, INT);
            closeTuple("hits", i, 2, shape);
            out.add(new TraceEvent.Hit(id, tokens));
        }
        return out;
    }

    private List<TraceEvent.Emit> emits() throws IOException {
        arrayHere("emitted", -1);
        List<TraceEvent.Emit> out = new ArrayList<>();
        String shape = "[requestId, token]";
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            tupleHere("emitted", i, shape);
            long id = element("emitted", i, 0, 2, shape, 0, LONG);
            int token = (int) element("emitted", i, 1, 2, shape, -1, INT);
            closeTuple("emitted", i, 2, shape);
            out.add(new TraceEvent.Emit(id, token));
        }
        return out;
    }

    private static final String[] VIOLATION = {"rule", "requestId", "message"};

    private List<Violation> violations(long index, int seenSoFar) throws IOException {
        arrayHere("violations", -1);
        List<Violation> out = new ArrayList<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            String at = "violations[" + i + "]";
            objectHere(at);
            String rule = null, message = null;
            long requestId = 0;
            int seen = 0;
            String f;
            while ((f = p.nextFieldName()) != null) {
                p.nextToken();
                String fat = at + "." + f;
                switch (f) {
                    case "rule":
                        seen = once(seen, 0, fat);
                        rule = stringHere(fat, -1, -1);
                        if (rule.isEmpty()) throw new TraceProblem(fat, "must not be empty");
                        break;
                    case "requestId": seen = once(seen, 1, fat); requestId = longHere(fat, -1, -1, -1, LONG); break;
                    case "message": seen = once(seen, 2, fat); message = stringHere(fat, -1, -1); break;
                    default: throw unknownField(fat, "a violation", VIOLATION);
                }
            }
            complete(seen, VIOLATION, "a violation", at + ".");
            out.add(new Violation(rule, index, requestId, message));
        }
        return out;
    }

    private Map<String, Long> witness() throws IOException {
        objectHere("witness");
        Map<String, Long> out = new HashMap<>();
        String f;
        while ((f = p.nextFieldName()) != null) {
            p.nextToken();
            out.put(f, longHere("witness." + f, -1, -1, Long.MIN_VALUE, LONG));
        }
        return out;
    }

    private static final String[] COMPLETION = {"timeUs", "requestId", "generated", "preemptions"};

    private TraceEvent completion() throws IOException {
        long time = 0, id = 0;
        int generated = 0, preemptions = 0;
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            switch (name) {
                case "timeUs": seen = once(seen, 0, name); time = longHere(name, -1, -1, 0, LONG); break;
                case "requestId": seen = once(seen, 1, name); id = longHere(name, -1, -1, 0, LONG); break;
                case "generated": seen = once(seen, 2, name); generated = intHere(name, -1, -1, 1); break;
                case "preemptions": seen = once(seen, 3, name); preemptions = intHere(name, -1, -1, 0); break;
                default: throw unknownField(name, "a completion", COMPLETION);
            }
        }
        complete(seen, COMPLETION, "a completion");
        return new TraceEvent.Completion(time, id, generated, preemptions);
    }

    private static final String[] END = {"reason", "timeUs", "steps", "completed", "violations"};

    private TraceEvent end() throws IOException {
        String reason = null;
        long time = 0, steps = 0, completed = 0, violations = 0;
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            switch (name) {
                case "reason": seen = once(seen, 0, name); reason = stringHere(name, -1, -1); break;
                case "timeUs": seen = once(seen, 1, name); time = longHere(name, -1, -1, 0, LONG); break;
                case "steps": seen = once(seen, 2, name); steps = longHere(name, -1, -1, 0, LONG); break;
                case "completed": seen = once(seen, 3, name); completed = longHere(name, -1, -1, 0, LONG); break;
                case "violations": seen = once(seen, 4, name); violations = longHere(name, -1, -1, 0, LONG); break;
                default: throw unknownField(name, "an end", END);
            }
        }
        complete(seen, END, "an end");
        return new TraceEvent.End(reason, time, steps, completed, violations);
    }

    // ---- values ----------------------------------------------------------------------------------------------

    private static String path(String field, int i, int j) {
        if (i < 0) return field;
        return j < 0 ? field + "[" + i + "]" : field + "[" + i + "][" + j + "]";
    }

    private long longHere(String field, int i, int j, long min, long max) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new TraceProblem(path(field, i, j), "expected " + TraceRules.describe(min) + ", got " + got(t));
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new TraceProblem(path(field, i, j), "expected " + TraceRules.describe(min) + " of 64 bits, got "
                    + p.getText());
        }
        long v = p.getLongValue();
        if (v < min) throw new TraceProblem(path(field, i, j), "expected " + TraceRules.describe(min) + ", got " + v);
        if (v > max) {
            throw new TraceProblem(path(field, i, j), "expected " + TraceRules.describe(min) + " of 32 bits (at most "
                    + max + "), got " + v);
        }
        return v;
    }

    private int intHere(String field, int i, int j, int min) throws IOException {
        return (int) longHere(field, i, j, min, INT);
    }

    private String stringHere(String field, int i, int j) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_STRING) throw new TraceProblem(path(field, i, j), "expected a string, got " + got(t));
        return p.getText();
    }

    private boolean boolHere(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) return true;
        if (t == JsonToken.VALUE_FALSE) return false;
        throw new TraceProblem(field, "expected true or false, got " + got(t));
    }

    private void objectHere(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT) throw new TraceProblem(field, "expected an object, got " + got(t));
    }

    private void arrayHere(String field, int i) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_ARRAY) throw new TraceProblem(path(field, i, -1), "expected an array, got " + got(t));
    }

    private void tupleHere(String field, int i, String shape) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_ARRAY) {
            throw new TraceProblem(path(field, i, -1), "expected an array " + shape + ", got " + got(t));
        }
    }

    /** Advances to element {@code j} of tuple {@code field[i]} and reads it. */
    private long element(String field, int i, int j, int size, String shape, long min, long max) throws IOException {
        if (p.nextToken() == JsonToken.END_ARRAY) {
            throw new TraceProblem(path(field, i, -1), "expected " + size + " elements " + shape + ", got " + j);
        }
        return longHere(field, i, j, min, max);
    }

    private void closeTuple(String field, int i, int size, String shape) throws IOException {
        if (p.nextToken() != JsonToken.END_ARRAY) {
            throw new TraceProblem(path(field, i, -1), "expected " + size + " elements " + shape + ", got more");
        }
    }

    private String got(JsonToken t) throws IOException {
        if (t == null) return "nothing";
        switch (t) {
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getText();
            case VALUE_STRING:
                String text = p.getText();
                return "the string \"" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "\"";
            case VALUE_TRUE: return "true";
            case VALUE_FALSE: return "false";
            case VALUE_NULL: return "null";
            case START_ARRAY: return "an array";
            case START_OBJECT: return "an object";
            default: return t.asString() == null ? t.name() : t.asString();
        }
    }

    private static int once(int seen, int bit, String field) {
        if ((seen & (1 << bit)) != 0) throw new TraceProblem(field, "appears twice");
        return seen | (1 << bit);
    }

    private static void complete(int seen, String[] names, String what) {
        complete(seen, names, what, "");
    }

    private static void complete(int seen, String[] names, String what, String prefix) {
        int all = (1 << names.length) - 1;
        if (seen == all) return;
        for (int b = 0; b < names.length; b++) {
            if ((seen & (1 << b)) == 0) {
                throw new TraceProblem(prefix + names[b], "missing (" + what + " has " + String.join(", ", names)
                        + ")");
            }
        }
    }

    private static TraceProblem unknownField(String field, String what, String[] names) {
        return new TraceProblem(field, "unknown field for " + what + " (expected " + String.join(", ", names) + ")");
    }
}
