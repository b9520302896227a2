package org.schedproof.engine.workload.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.schedproof.engine.workload.Clients;
import org.schedproof.engine.workload.LineReader;
import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.PromptKeys;
import org.schedproof.engine.workload.TextSource;
import org.schedproof.engine.workload.WorkloadException;
import org.schedproof.engine.workload.WorkloadReader;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.PromptTokens;
import org.schedproof.spec.Request;

/**
 * Mooncake traces (FAST'25): one JSON object per line, {@code {"timestamp": ms, "input_length": n, "output_length":
 * m, "hash_ids": [..]}}; other fields are ignored. The prompt is one segment per 512-token block, segment s keyed
 * {@code key(MOONCAKE_BLOCK, hash_ids[s])}, so equal hash ids are equal tokens and a prompt costs memory per block.
 * Options: {@code clients=N} derives tenants: client-k with k = mix64(hash_ids[b]) mod N (unsigned), b =
 * min({@code client-block}, blocks - 1), client-block defaulting to 0. Requests that share that block (a
 * conversation) stay with one client.
 */
public final class MooncakeReader implements WorkloadReader {
    public static final int BLOCK = 512;
    static final String TIMESTAMP = "timestamp";
    static final String INPUT = "input_length";
    static final String OUTPUT = "output_length";
    static final String HASH_IDS = "hash_ids";
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final TextSource source;
    private final int clients;
    private final int clientBlock;

    public MooncakeReader(TextSource source, Options options) {
        this.source = source;
        this.clients = options.intValue("clients", 1, 1, 1_000_000);
        this.clientBlock = options.intValue("client-block", 0, 0, Integer.MAX_VALUE);
    }

    @Override
    public List<Request> read(int limit) {
        List<Request> out = new ArrayList<>();
        if (limit == 0) {
            return out;
        }
        try (LineReader lines = source.lines()) {
            long previous = -1;
            long previousLine = 0;
            String line;
            while (out.size() < limit && (line = lines.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Request r = parse(line, lines.number(), out.size());
                if (r.arrivalUs() < previous) {
                    throw WorkloadException.at(source.name(), lines.number(), TIMESTAMP, "time goes backwards: "
                            + r.arrivalUs() / 1000 + " ms here, " + previous / 1000 + " ms on line " + previousLine
                            + " (rows must be in time order)");
                }
                previous = r.arrivalUs();
                previousLine = lines.number();
                out.add(r);
            }
        }
        return out;
    }

    private Request parse(String line, long number, int index) {
        long timestamp = -1;
        long input = -1;
        long output = -1;
        long[] hashes = null;
        String field = null;
        String last = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw WorkloadException.at(source.name(), number, "expected a JSON object, got " + WorkloadException.quote(line));
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case TIMESTAMP -> timestamp = once(timestamp, integer(p, v, number, field, 0), number, field);
                    case INPUT -> input = once(input, integer(p, v, number, field, 1), number, field);
                    case OUTPUT -> output = once(output, integer(p, v, number, field, 1), number, field);
                    case HASH_IDS -> {
                        if (hashes != null) {
                            throw WorkloadException.at(source.name(), number, field, "given twice");
                        }
                        hashes = hashIds(p, v, number);
                    }
                    default -> p.skipChildren();
                }
                last = field;
                field = null;
            }
            if (p.nextToken() != null) {
                throw WorkloadException.at(source.name(), number, "text after the JSON object");
            }
        } catch (IOException e) {
            String what = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            what = what == null ? "malformed JSON" : what.lines().findFirst().orElse("malformed JSON");
            boolean truncated = e instanceof JsonEOFException || what.contains("end-of-input");
            if (truncated && field != null) {
                throw WorkloadException.at(source.name(), number, field, "the line ends inside this field's value"
                        + " (truncated line?)");
            }
            if (truncated && last != null) {
                throw WorkloadException.at(source.name(), number, last, "the line ends after this field, before the"
                        + " object is closed (truncated line?)");
            }
            if (truncated) {
                throw WorkloadException.at(source.name(), number, "the line ends inside the JSON object (truncated line?)");
            }
            throw field == null ? WorkloadException.at(source.name(), number, "malformed JSON: " + what)
                    : WorkloadException.at(source.name(), number, field, "malformed JSON: " + what);
        }
        require(timestamp >= 0, number, TIMESTAMP);
        require(input >= 0, number, INPUT);
        require(output >= 0, number, OUTPUT);
        require(hashes != null, number, HASH_IDS);
        long blocks = (input + BLOCK - 1) / BLOCK;
        if (hashes.length != blocks) {
            throw WorkloadException.at(source.name(), number, HASH_IDS, "has " + hashes.length + " ids, expected ceil("
                    + INPUT + " / " + BLOCK + ") = " + blocks);
        }
        if (input > Integer.MAX_VALUE || output > Integer.MAX_VALUE) {
            throw WorkloadException.at(source.name(), number, input > Integer.MAX_VALUE ? INPUT : OUTPUT,
                    "must be <= " + Integer.MAX_VALUE);
        }
        long[] keys = new long[hashes.length];
        for (int s = 0; s < keys.length; s++) {
            keys[s] = PromptKeys.key(PromptKeys.MOONCAKE_BLOCK, hashes[s]);
        }
        String client = Clients.SINGLE;
        if (clients > 1) {
            long h = hashes[Math.min(clientBlock, hashes.length - 1)];
            client = Clients.name((int) Long.remainderUnsigned(PromptTokens.mix64(h), clients));
        }
        long arrival;
        try {
            arrival = Math.multiplyExact(timestamp, 1000L);
        } catch (ArithmeticException e) {
            throw WorkloadException.at(source.name(), number, TIMESTAMP, "too large: " + timestamp + " ms");
        }
        return new Request(index, client, arrival, Prompt.ofBlocks(keys, BLOCK, (int) input), (int) output);
    }

    private long integer(JsonParser p, JsonToken v, long number, String field, long min) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw WorkloadException.at(source.name(), number, field, (min > 0 ? "expected a positive integer"
                    : "expected a non-negative integer") + ", got " + show(p, v));
        }
        long x;
        try {
            x = p.getLongValue();
        } catch (InputCoercionException e) {
            throw WorkloadException.at(source.name(), number, field, "too large: " + p.getText());
        }
        if (x < min) {
            throw WorkloadException.at(source.name(), number, field, "must be >= " + min + ", got " + x);
        }
        return x;
    }

    private long[] hashIds(JsonParser p, JsonToken v, long number) throws IOException {
        if (v != JsonToken.START_ARRAY) {
            throw WorkloadException.at(source.name(), number, HASH_IDS, "expected an array of integers, got " + show(p, v));
        }
        long[] ids = new long[16];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw WorkloadException.at(source.name(), number, HASH_IDS, "element " + n
                        + ": expected a non-negative integer, got " + show(p, t));
            }
            long id;
            try {
                id = p.getLongValue();
            } catch (InputCoercionException e) {
                id = -1;
            }
            if (id < 0 || id > PromptKeys.MAX_VALUE) {
                throw WorkloadException.at(source.name(), number, HASH_IDS, "element " + n + ": must be in [0, 2^56), got "
                        + p.getText());
            }
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, n * 2);
            }
            ids[n++] = id;
        }
        return Arrays.copyOf(ids, n);
    }

    private long once(long previous, long value, long number, String field) {
        if (previous >= 0) {
            throw WorkloadException.at(source.name(), number, field, "given twice");
        }
        return value;
    }

    private void require(boolean present, long number, String field) {
        if (!present) {
            throw WorkloadException.at(source.name(), number, field, "missing");
        }
    }

    private static String show(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> WorkloadException.quote(p.getText());
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> p.getText();
        };
    }
}
