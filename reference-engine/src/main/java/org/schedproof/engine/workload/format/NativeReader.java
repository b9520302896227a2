package org.schedproof.engine.workload.format;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.engine.workload.LineReader;
import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.TextSource;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.WorkloadException;
import org.schedproof.engine.workload.WorkloadReader;
import org.schedproof.engine.workload.WorkloadWriter;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * schedproof's own workload file (written by {@link WorkloadWriter}): a header line, then one request per line with
 * its segments, so any workload, generated or shrunk, replays exactly. Ids must be 0..n-1 in arrival order; the
 * header's count and digest are checked when the whole file is read.
 */
public final class NativeReader implements WorkloadReader {
    private final TextSource source;

    public NativeReader(TextSource source, Options options) {
        this.source = source;
    }

    @Override
    public List<Request> read(int limit) {
        List<Request> out = new ArrayList<>();
        try (LineReader lines = source.lines()) {
            String line = nextNonBlank(lines);
            if (line == null) {
                throw new WorkloadException(source.name() + ": empty file, expected a header line {\"schema\": \""
                        + WorkloadWriter.SCHEMA + "\", ...}");
            }
            Object[] header = {null, -1L, null};
            long headerLine = lines.number();
            JsonRecord.parse(source.name(), headerLine, line, (r, name) -> {
                switch (name) {
                    case "schema" -> {
                        String schema = r.text();
                        if (!schema.equals(WorkloadWriter.SCHEMA)) {
                            throw r.error("expected \"" + WorkloadWriter.SCHEMA + "\", got " + WorkloadException.quote(schema));
                        }
                        header[0] = schema;
                    }
                    case "requests" -> header[1] = r.integer(0, Integer.MAX_VALUE);
                    case "digest" -> header[2] = r.text();
                    default -> r.skip();
                }
            });
            if (header[0] == null) {
                throw WorkloadException.at(source.name(), headerLine, "schema", "missing (the first line must be the header)");
            }
            long previous = 0;
            while (out.size() < limit && (line = nextNonBlank(lines)) != null) {
                Request r = request(line, lines.number());
                if (r.id() != out.size()) {
                    throw WorkloadException.at(source.name(), lines.number(), "id", "expected " + out.size()
                            + " (ids are 0..n-1 in file order), got " + r.id());
                }
                if (r.arrivalUs() < previous) {
                    throw WorkloadException.at(source.name(), lines.number(), "arrival_us", "time goes backwards: "
                            + r.arrivalUs() + " µs here, " + previous + " µs on the previous request");
                }
                previous = r.arrivalUs();
                out.add(r);
            }
            if (out.size() < limit) {
                long expected = (Long) header[1];
                if (expected >= 0 && expected != out.size()) {
                    throw WorkloadException.at(source.name(), headerLine, "requests", "says " + expected
                            + " but the file has " + out.size() + " (truncated file?)");
                }
                String digest = (String) header[2];
                if (digest != null && !digest.equals(Workload.digestOf(out))) {
                    throw WorkloadException.at(source.name(), headerLine, "digest", "says " + digest
                            + " but the requests digest to " + Workload.digestOf(out));
                }
            }
        }
        return out;
    }

    private Request request(String line, long number) {
        long[] v = {-1, -1, -1};
        String[] client = {null};
        long[][] keys = {null};
        long[][] ends = {null};
        JsonRecord.parse(source.name(), number, line, (r, name) -> {
            switch (name) {
                case "id" -> v[0] = r.integer(0, Integer.MAX_VALUE);
                case "arrival_us" -> v[1] = r.integer(0, Long.MAX_VALUE);
                case "max_new_tokens" -> v[2] = r.integer(1, Integer.MAX_VALUE);
                case "client" -> client[0] = r.text();
                case "keys" -> keys[0] = r.integers(Long.MIN_VALUE, Long.MAX_VALUE);
                case "ends" -> ends[0] = r.integers(1, Integer.MAX_VALUE);
                default -> r.skip();
            }
        });
        require(v[0] >= 0, number, "id");
        require(v[1] >= 0, number, "arrival_us");
        require(v[2] >= 0, number, "max_new_tokens");
        require(client[0] != null, number, "client");
        require(keys[0] != null, number, "keys");
        require(ends[0] != null, number, "ends");
        if (keys[0].length == 0 || keys[0].length != ends[0].length) {
            throw WorkloadException.at(source.name(), number, "ends", "expected one end per key and at least one ("
                    + keys[0].length + " keys, " + ends[0].length + " ends)");
        }
        int[] e = new int[ends[0].length];
        for (int s = 0; s < e.length; s++) {
            e[s] = (int) ends[0][s];
            if (s > 0 && e[s] <= e[s - 1]) {
                throw WorkloadException.at(source.name(), number, "ends", "element " + s + ": must be greater than"
                        + " the previous end " + e[s - 1] + ", got " + e[s]);
            }
        }
        return new Request(v[0], client[0], v[1], new Prompt(keys[0], e), (int) v[2]);
    }

    private void require(boolean present, long number, String field) {
        if (!present) {
            throw WorkloadException.at(source.name(), number, field, "missing");
        }
    }

    private static String nextNonBlank(LineReader lines) {
        String line;
        while ((line = lines.next()) != null && line.isBlank()) {
            // skip
        }
        return line;
    }
}
