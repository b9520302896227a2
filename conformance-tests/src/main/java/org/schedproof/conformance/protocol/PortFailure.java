package org.schedproof.conformance.protocol;

import java.util.Objects;

/**
 * Why a port run stopped (spec/PORT.md section 8): a {@code verdict} of that table, the step it happened at
 * ({@link #HANDSHAKE} before the first), and a message with the evidence (exit status and last stderr lines, stdout
 * line number and parse error, field path, ...).
 */
public record PortFailure(String verdict, long step, String message) {
    /** The step of a failure before the first step message: in the handshake. */
    public static final long HANDSHAKE = -1;

    public static final String START_FAILED = "start-failed";
    public static final String CRASHED = "crashed";
    public static final String EXITED = "exited";
    public static final String TIMEOUT = "timeout";
    public static final String RUN_TIMEOUT = "run-timeout";
    public static final String GARBAGE = "garbage";
    public static final String LINE_TOO_LONG = "line-too-long";
    public static final String BAD_MESSAGE = "bad-message";
    public static final String WRONG_STEP = "wrong-step";
    public static final String UNKNOWN_ID = "unknown-id";
    public static final String DUPLICATE_ID = "duplicate-id";
    public static final String PROTOCOL_VERSION = "protocol-version";
    public static final String REFUSED = "refused";
    public static final String PORT_ERROR = "port-error";

    public PortFailure {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(message, "message");
    }

    /** The trace's end reason for this failure: {@code port-<verdict>} ({@code port-error} stays itself). */
    public String endReason() {
        return verdict.startsWith("port-") ? verdict : "port-" + verdict;
    }

    @Override
    public String toString() {
        return verdict + (step == HANDSHAKE ? " in the handshake" : " at step " + step) + ": " + message;
    }
}
