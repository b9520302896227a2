package org.schedproof.engine.workload.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.schedproof.engine.workload.WorkloadException;

/**
 * One JSON object on one line, read field by field with Jackson's streaming parser (no tree: a long array costs
 * its primitive array only). Every error names file, line and field; a line cut off inside the object is reported
 * as truncated, naming the field it stops in or after.
 */
final class JsonRecord {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final String file;
    private final long line;
    private final JsonParser p;
    private JsonToken token;
    private String field;

    /** Receives each field; must consume its value with one of the value methods or {@link #skip()}. */
    @FunctionalInterface
    interface Handler {
        void field(JsonRecord record, String name) throws IOException;
    }

    private JsonRecord(String file, long line, JsonParser p) {
        this.file = file;
        this.line = line;
        this.p = p;
    }

    static void parse(String file, long line, String text, Handler handler) {
        String last = null;
        JsonRecord r = null;
        try (JsonParser p = JSON.createParser(text)) {
            r = new JsonRecord(file, line, p);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw WorkloadException.at(file, line, "expected a JSON object, got " + WorkloadException.quote(text));
            }
            Set<String> seen = new HashSet<>();
            while (p.nextToken() != JsonToken.END_OBJECT) {
                r.field = p.currentName();
                if (!seen.add(r.field)) {
                    throw r.error("given twice");
                }
                r.token = p.nextToken();
                handler.field(r, r.field);
                last = r.field;
                r.field = null;
            }
            if (p.nextToken() != null) {
                throw WorkloadException.at(file, line, "text after the JSON object");
            }
        } catch (IOException e) {
            String field = r == null ? null : r.field;
            String what = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            what = what == null ? "malformed JSON" : what.lines().findFirst().orElse("malformed JSON");
            boolean truncated = e instanceof JsonEOFException || what.contains("end-of-input");
            if (truncated && field != null) {
                throw WorkloadException.at(file, line, field, "the line ends inside this field's value (truncated line?)");
            }
            if (truncated && last != null) {
                throw WorkloadException.at(file, line, last, "the line ends after this field, before the object is"
                        + " closed (truncated line?)");
            }
            if (truncated) {
                throw WorkloadException.at(file, line, "the line ends inside the JSON object (truncated line?)");
            }
            throw field == null ? WorkloadException.at(file, line, "malformed JSON: " + what)
                    : WorkloadException.at(file, line, field, "malformed JSON: " + what);
        }
    }

    /** An integer in [min, max]. */
    long integer(long min, long max) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw error(expectation(min) + ", got " + show(token));
        }
        long x = longValue();
        if (x < min || x > max) {
            throw error("must be " + range(min, max) + ", got " + p.getText());
        }
        return x;
    }

    /** A non-empty string. */
    String text() throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw error("expected a string, got " + show(token));
        }
        String s = p.getText();
        if (s.isEmpty()) {
            throw error("empty");
        }
        return s;
    }

    /** An array of integers in [min, max]. */
    long[] integers(long min, long max) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw error("expected an array of integers, got " + show(token));
        }
        long[] out = new long[16];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw error("element " + n + ": " + expectation(min) + ", got " + show(t));
            }
            long x = longValue();
            if (x < min || x > max) {
                throw error("element " + n + ": must be " + range(min, max) + ", got " + p.getText());
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = x;
        }
        return Arrays.copyOf(out, n);
    }

    void skip() throws IOException {
        p.skipChildren();
    }

    WorkloadException error(String message) {
        return WorkloadException.at(file, line, field, message);
    }

    private long longValue() throws IOException {
        try {
            return p.getLongValue();
        } catch (InputCoercionException e) {
            throw error("out of the 64-bit range: " + p.getText());
        }
    }

    private static String expectation(long min) {
        return min == 1 ? "expected a positive integer" : min == 0 ? "expected a non-negative integer" : "expected an integer";
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return ">= " + min;
        }
        return "in [" + min + ", " + max + "]";
    }

    private String show(JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> WorkloadException.quote(p.getText());
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> p.getText();
        };
    }
}
