package org.schedproof.conformance.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Slice;

/**
 * Reads the port's replies (spec/PORT.md sections 2 and 5) and checks them at the message level: one JSON object,
 * the expected {@code type}, no missing or unknown member, integers in range, the step's index, ids the harness
 * announced, no id twice in one list. Whether the batch is legal is the engine's question, not this one's. Every
 * problem is a {@link PortFailureException} naming the stdout line and the field, as TRACE.md section 6 words them.
 */
final class PortReplies {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int QUOTE_CHARS = 80;

    private PortReplies() {}

    /** The answer to hello. */
    sealed interface Handshake permits Ready, Refuse {}

    record Ready(String name) implements Handshake {}

    record Refuse(String reason) implements Handshake {}

    /** A batch and the witness that came with it. */
    record Reply(Batch batch, Map<String, Long> witness) {}

    /** {@code ready} or {@code refuse}; a ready naming another protocol is the verdict {@code protocol-version}. */
    static Handshake handshake(StdoutLines.Line line) {
        Fields f = new Fields(line, PortFailure.HANDSHAKE);
        String type = f.type("a ready or a refuse in reply to hello", "ready", "refuse");
        if (type.equals("refuse")) {
            f.only("a refuse has type and reason", "type", "reason");
            return new Refuse(f.string("reason", false));
        }
        f.only("a ready has type, protocol and name", "type", "protocol", "name");
        String protocol = f.string("protocol", false);
        String name = f.string("name", true);
        if (!protocol.equals(HarnessMessages.PROTOCOL)) {
            throw new PortFailureException(PortFailure.PROTOCOL_VERSION, PortFailure.HANDSHAKE, "the hello spoke '"
                    + HarnessMessages.PROTOCOL + "' but the ready (stdout line " + line.number() + ") names '"
                    + quote(protocol) + "'");
        }
        return new Ready(name);
    }

    /**
     * The batch replying to step {@code index}; an {@code error} reply is the verdict {@code port-error}.
     * {@code announced}: every id sent in an arrival.
     */
    static Reply batch(StdoutLines.Line line, long index, Set<Long> announced) {
        Fields f = new Fields(line, index);
        String type = f.type("a batch or an error in reply to step " + index, "batch", "error");
        if (type.equals("error")) {
            f.only("an error has type and message", "type", "message");
            throw new PortFailureException(PortFailure.PORT_ERROR, index, "the port gave up (stdout line "
                    + line.number() + "): " + f.string("message", false));
        }
        f.only("a batch has type, index, preempt, slices and optionally offload, prefetch, witness", "type", "index",
                "preempt", "slices", "offload", "prefetch", "witness");
        long got = f.integer(f.required("index"), "index", 0, Long.MAX_VALUE);
        List<Long> preempt = f.ids("preempt", f.required("preempt"));
        List<Long> offload = f.ids("offload", f.optional("offload"));
        List<Long> prefetch = f.ids("prefetch", f.optional("prefetch"));
        List<Slice> slices = f.slices(f.required("slices"));
        Map<String, Long> witness = f.witness(f.optional("witness"));
        if (got != index) {
            throw new PortFailureException(PortFailure.WRONG_STEP, index, "the batch on stdout line " + line.number()
                    + " answers step " + got + " but the harness asked for step " + index);
        }
        List<Long> sliceIds = new ArrayList<>(slices.size());
        for (Slice s : slices) sliceIds.add(s.requestId());
        f.known("preempt", preempt, announced);
        f.known("offload", offload, announced);
        f.known("prefetch", prefetch, announced);
        f.known("slices", sliceIds, announced);
        return new Reply(new Batch(preempt, offload, prefetch, slices), witness);
    }

    /** The start of a line as evidence: at most 80 characters, control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < QUOTE_CHARS; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c)); else b.append(c);
        }
        return s.length() > QUOTE_CHARS ? b + "..." : b.toString();
    }

    /** One parsed reply and where it came from, for the messages. */
    private static final class Fields {
        final StdoutLines.Line line;
        final long step;
        final Map<String, JsonNode> present = new LinkedHashMap<>();

        Fields(StdoutLines.Line line, long step) {
            this.line = line;
            this.step = step;
            String text = new String(line.bytes(), StandardCharsets.UTF_8);
            JsonNode node;
            try {
                node = MAPPER.readTree(line.bytes());
            } catch (JsonProcessingException e) {
                throw fail(PortFailure.GARBAGE, "not JSON: " + e.getOriginalMessage() + " at column "
                        + e.getLocation().getColumnNr() + "; the line starts '" + quote(text) + "'");
            } catch (IOException e) {
                throw fail(PortFailure.GARBAGE, "unreadable: " + e.getMessage());
            }
            if (node == null || !node.isObject()) {
                throw fail(PortFailure.GARBAGE, "not one JSON object: the line starts '" + quote(text) + "'");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                present.put(e.getKey(), e.getValue());
            }
        }

        PortFailureException fail(String verdict, String what) {
            return new PortFailureException(verdict, step, "stdout line " + line.number() + ": " + what);
        }

        PortFailureException bad(String field, String what) {
            return fail(PortFailure.BAD_MESSAGE, "field '" + field + "': " + what);
        }

        String type(String expected, String... types) {
            JsonNode t = present.get("type");
            if (t == null) throw bad("type", "missing (expected " + expected + ")");
            if (!t.isTextual()) throw bad("type", "expected a string, got " + describe(t));
            for (String x : types) if (x.equals(t.textValue())) return x;
            throw bad("type", "expected " + expected + ", got '" + quote(t.textValue()) + "'");
        }

        void only(String shape, String... allowed) {
            Set<String> ok = Set.of(allowed);
            for (String k : present.keySet()) {
                if (!ok.contains(k)) throw bad(quote(k), "unknown field (" + shape + ")");
            }
        }

        JsonNode required(String field) {
            JsonNode n = present.get(field);
            if (n == null) throw bad(field, "missing");
            return n;
        }

        JsonNode optional(String field) {
            return present.get(field);
        }

        String string(String field, boolean nonEmpty) {
            JsonNode n = required(field);
            if (!n.isTextual()) throw bad(field, "expected a string, got " + describe(n));
            if (nonEmpty && n.textValue().isEmpty()) throw bad(field, "must not be empty");
            return n.textValue();
        }

        long integer(JsonNode n, String field, long min, long max) {
            if (!n.isIntegralNumber()) throw bad(field, "expected an integer, got " + describe(n));
            if (!n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
                throw bad(field, "expected " + range(min, max) + ", got " + n);
            }
            return n.longValue();
        }

        List<Long> ids(String field, JsonNode n) {
            if (n == null) return List.of();
            if (!n.isArray()) throw bad(field, "expected an array of request ids, got " + describe(n));
            List<Long> out = new ArrayList<>(n.size());
            for (int i = 0; i < n.size(); i++) out.add(integer(n.get(i), field + "[" + i + "]", 0, Long.MAX_VALUE));
            return out;
        }

        List<Slice> slices(JsonNode n) {
            if (!n.isArray()) throw bad("slices", "expected an array of [requestId, start, length], got " + describe(n));
            List<Slice> out = new ArrayList<>(n.size());
            for (int i = 0; i < n.size(); i++) {
                JsonNode s = n.get(i);
                String at = "slices[" + i + "]";
                if (!s.isArray() || s.size() != 3) throw bad(at, "expected [requestId, start, length], got " + describe(s));
                long id = integer(s.get(0), at + "[0]", 0, Long.MAX_VALUE);
                int start = (int) integer(s.get(1), at + "[1]", 0, Integer.MAX_VALUE);
                int length = (int) integer(s.get(2), at + "[2]", 1, Integer.MAX_VALUE);
                out.add(new Slice(id, start, length));
            }
            return out;
        }

        Map<String, Long> witness(JsonNode n) {
            if (n == null) return Map.of();
            if (!n.isObject()) throw bad("witness", "expected an object of integers, got " + describe(n));
            Map<String, Long> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                for (int i = 0; i < k.length(); i++) {
                    char c = k.charAt(i);
                    if (Character.isHighSurrogate(c) && i + 1 < k.length() && Character.isLowSurrogate(k.charAt(i + 1))) {
                        i++;
                    } else if (Character.isSurrogate(c)) {
                        throw bad("witness", "a key holds a lone surrogate at index " + i + ": not valid Unicode");
                    }
                }
                out.put(k, integer(e.getValue(), "witness." + quote(k), Long.MIN_VALUE, Long.MAX_VALUE));
            }
            return out;
        }

        /** Every id was announced in an arrival, and none is twice in the list. */
        void known(String list, List<Long> ids, Set<Long> announced) {
            Set<Long> seen = new HashSet<>();
            for (long id : ids) {
                if (!announced.contains(id)) {
                    throw new PortFailureException(PortFailure.UNKNOWN_ID, step, "stdout line " + line.number()
                            + ": request " + id + " in '" + list + "' was never sent in an arrival");
                }
                if (!seen.add(id)) {
                    throw new PortFailureException(PortFailure.DUPLICATE_ID, step, "stdout line " + line.number()
                            + ": request " + id + " is twice in '" + list + "'");
                }
            }
        }
    }

    private static String describe(JsonNode n) {
        if (n.isTextual()) return "the string \"" + quote(n.textValue()) + "\"";
        if (n.isObject()) return "an object";
        if (n.isArray()) return "an array of " + n.size();
        return quote(n.toString());
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE) {
            if (min == Long.MIN_VALUE) return "a 64-bit integer";
            return min == 0 ? "a non-negative integer" : min == 1 ? "a positive integer" : "an integer >= " + min;
        }
        return "an integer in [" + min + ", " + max + "]";
    }
}
