package org.schedproof.engine.workload.format;

import java.util.Map;
import org.schedproof.engine.workload.WorkloadException;

/** One CSV data row, with typed getters whose errors name file, line and field. */
public final class Row {
    private final String file;
    private final long line;
    private final int index;
    private final String[] header;
    private final Map<String, Integer> columns;
    private final String[] fields;

    Row(String file, long line, int index, String[] header, Map<String, Integer> columns, String[] fields) {
        this.file = file;
        this.line = line;
        this.index = index;
        this.header = header;
        this.columns = columns;
        this.fields = fields;
    }

    /** 0-based index among the data rows read so far: the request's id in a time-ordered file. */
    public int index() {
        return index;
    }

    public long line() {
        return line;
    }

    /** The raw, trimmed text of {@code column}; missing (a short row) or empty is an error. */
    public String text(String column) {
        int c = columns.get(column);
        if (c >= fields.length) {
            throw error(column, "missing: the row has " + fields.length + " of " + header.length
                    + " columns (truncated line?)");
        }
        String v = fields[c];
        if (v.isEmpty()) {
            throw error(column, "empty");
        }
        return v;
    }

    /** A token count: an integer >= 1 (zero lengths are rejected, see spec/WORKLOAD.md). */
    public int length(String column) {
        return (int) integer(column, 1, Integer.MAX_VALUE);
    }

    public long integer(String column, long min, long max) {
        String v = text(column);
        long x;
        try {
            x = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw error(column, (min >= 0 ? "expected a non-negative integer" : "expected an integer") + ", got "
                    + WorkloadException.quote(v));
        }
        if (x < min || x > max) {
            throw error(column, "must be " + (max == Integer.MAX_VALUE || max == Long.MAX_VALUE
                    ? ">= " + min : "in [" + min + ", " + max + "]") + ", got " + x);
        }
        return x;
    }

    /** Decimal seconds, >= 0, to microseconds (half-even). */
    public long seconds(String column) {
        String v = text(column);
        try {
            return Numbers.secondsToMicros(v);
        } catch (IllegalArgumentException e) {
            throw error(column, e.getMessage());
        }
    }

    /** A wall-clock timestamp to nanoseconds since the epoch. */
    public long timestampNanos(String column) {
        String v = text(column);
        try {
            return Numbers.timestampNanos(v);
        } catch (IllegalArgumentException e) {
            throw error(column, e.getMessage());
        }
    }

    public WorkloadException error(String column, String message) {
        return WorkloadException.at(file, line, column, message);
    }
}
