package org.schedproof.spec.trace;

/**
 * A trace that is not a valid trace of spec/TRACE.md. The message always reads
 * {@code <file>:<line>: [field '<path>': ]<what is wrong>}, e.g.
 * {@code out/trace.jsonl:42: field 'slices[3][2]': expected a positive integer, got -1}, so a user can go straight
 * to the spot; the parts are also available one by one for tools that render them differently.
 */
public final class TraceFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final String field;
    private final String reason;

    /**
     * @param file   the trace's name as the user gave it
     * @param line   1-based line number (0 when the problem concerns the file as a whole)
     * @param field  the field's path within the line ({@code slices[3][2]}, {@code engine.cost.basePs}), or null
     * @param reason what is wrong, without the location
     */
    public TraceFormatException(String file, long line, String field, String reason) {
        super(format(file, line, field, reason), null, false, false);
        this.file = file;
        this.line = line;
        this.field = field;
        this.reason = reason;
    }

    private static String format(String file, long line, String field, String reason) {
        return file + ":" + line + ": " + (field == null ? "" : "field '" + field + "': ") + reason;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    /** The field's path, or null when the problem is not about one field (garbled line, truncated trace). */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
