package org.schedproof.engine.workload;

/**
 * A workload could not be loaded: bad address, unknown format or option, missing file, malformed row. The message
 * names the place at fault the way compilers do: {@code file:line: field 'name': what was expected, got "what"}.
 */
public class WorkloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WorkloadException(String message) {
        super(message);
    }

    public WorkloadException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code file:line: field 'field': message}. */
    public static WorkloadException at(String file, long line, String field, String message) {
        return new WorkloadException(file + ":" + line + ": field '" + field + "': " + message);
    }

    /** {@code file:line: message}, for faults that belong to a line but to no single field. */
    public static WorkloadException at(String file, long line, String message) {
        return new WorkloadException(file + ":" + line + ": " + message);
    }

    /** Quotes a value for a message, shortened when long so one bad line cannot flood a log. */
    public static String quote(String value) {
        String v = value.length() > 60 ? value.substring(0, 57) + "..." : value;
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
