package org.schedproof.spec.trace;

/**
 * What is wrong with one event, before it is placed in a file: the reader turns it into a
 * {@link TraceFormatException} with file and line, the writer into an {@link IllegalArgumentException}.
 */
final class TraceProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String field;

    TraceProblem(String field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }

    String reason() {
        return getMessage();
    }
}
