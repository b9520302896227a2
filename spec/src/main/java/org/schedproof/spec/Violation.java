package org.schedproof.spec;

/**
 * A broken rule, found by the engine while validating a batch or by a checker while reading a trace.
 * {@code requestId} is -1 when the rule concerns the whole step.
 */
public record Violation(String rule, long step, long requestId, String message) {
    public static final long NO_REQUEST = -1;

    @Override
    public String toString() {
        return rule + " at step " + step + (requestId >= 0 ? " request " + requestId : "") + ": " + message;
    }
}
