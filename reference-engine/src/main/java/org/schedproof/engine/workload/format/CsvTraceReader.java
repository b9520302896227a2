package org.schedproof.engine.workload.format;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.engine.workload.LineReader;
import org.schedproof.engine.workload.TextSource;
import org.schedproof.engine.workload.WorkloadException;
import org.schedproof.engine.workload.WorkloadReader;
import org.schedproof.spec.Request;

/**
 * The common part of the CSV formats: a header naming the columns (matched by name, in any order, extra columns
 * ignored), one request per row, blank lines skipped, rows in time order. A subclass maps one {@link Row} to a
 * {@link Request}.
 */
public abstract class CsvTraceReader implements WorkloadReader {
    private final TextSource source;
    private final List<String> required;
    private final String timeColumn;

    /** @param timeColumn the column whose time must not go backwards (named in the error) */
    protected CsvTraceReader(TextSource source, String timeColumn, String... required) {
        this.source = source;
        this.timeColumn = timeColumn;
        this.required = List.of(required);
    }

    /** The row's arrival in µs; checked not to go backwards before {@link #toRequest} is called. */
    protected abstract long arrivalUs(Row row);

    /** Row {@code row.index()} (0-based among data rows) as a request with id = that index. */
    protected abstract Request toRequest(Row row, long arrivalUs);

    @Override
    public final List<Request> read(int limit) {
        List<Request> out = new ArrayList<>();
        if (limit == 0) {
            return out;
        }
        try (LineReader lines = source.lines()) {
            String headerLine = lines.next();
            while (headerLine != null && headerLine.isBlank()) {
                headerLine = lines.next();
            }
            if (headerLine == null) {
                throw new WorkloadException(source.name() + ": empty file, expected a header line '"
                        + String.join(",", required) + "'");
            }
            String[] header = split(lines, stripBom(headerLine));
            Map<String, Integer> columns = new HashMap<>();
            for (int c = 0; c < header.length; c++) {
                if (columns.putIfAbsent(header[c], c) != null) {
                    throw WorkloadException.at(source.name(), lines.number(), "column '" + header[c] + "' appears twice");
                }
            }
            for (String col : required) {
                if (!columns.containsKey(col)) {
                    throw WorkloadException.at(source.name(), lines.number(), "missing column '" + col
                            + "' (the header has: " + String.join(", ", header) + ")");
                }
            }
            long previous = -1;
            long previousLine = 0;
            String line;
            while (out.size() < limit && (line = lines.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = split(lines, line);
                if (fields.length > header.length) {
                    throw WorkloadException.at(source.name(), lines.number(), "the row has " + fields.length
                            + " columns, the header has " + header.length);
                }
                Row row = new Row(source.name(), lines.number(), out.size(), header, columns, fields);
                long arrival = arrivalUs(row);
                if (arrival < previous) {
                    throw WorkloadException.at(source.name(), lines.number(), timeColumn,
                            "time goes backwards: " + arrival + " µs here, " + previous + " µs on line "
                                    + previousLine + " (rows must be in time order)");
                }
                previous = arrival;
                previousLine = lines.number();
                out.add(toRequest(row, arrival));
            }
        }
        return out;
    }

    private String[] split(LineReader lines, String line) {
        try {
            return CsvLine.split(line);
        } catch (IllegalArgumentException e) {
            throw WorkloadException.at(source.name(), lines.number(), e.getMessage() + " (truncated line?)");
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
