package org.schedproof.conformance.protocol;

import java.time.Duration;

/**
 * Limits on a port (spec/PORT.md section 8): how long one reply may take, how long the whole run may take, how long
 * one stdout line may be, and how long a port may take to exit after {@code end} before its process tree is ended.
 */
public record PortOptions(Duration replyTimeout, Duration runTimeout, int maxLineBytes, Duration exitGrace) {
    public static final PortOptions DEFAULTS =
            new PortOptions(Duration.ofSeconds(10), Duration.ofSeconds(600), 1 << 20, Duration.ofSeconds(2));

    public PortOptions {
        if (replyTimeout.isNegative() || replyTimeout.isZero() || runTimeout.isNegative() || runTimeout.isZero()) {
            throw new IllegalArgumentException("port timeouts must be positive: " + replyTimeout + ", " + runTimeout);
        }
        if (maxLineBytes < 64) throw new IllegalArgumentException("max line must be >= 64 bytes, was " + maxLineBytes);
        if (exitGrace.isNegative()) throw new IllegalArgumentException("exit grace must be >= 0, was " + exitGrace);
    }

    public PortOptions withReplyTimeout(Duration d) {
        return new PortOptions(d, runTimeout, maxLineBytes, exitGrace);
    }

    public PortOptions withRunTimeout(Duration d) {
        return new PortOptions(replyTimeout, d, maxLineBytes, exitGrace);
    }

    public PortOptions withMaxLineBytes(int bytes) {
        return new PortOptions(replyTimeout, runTimeout, bytes, exitGrace);
    }

    public PortOptions withExitGrace(Duration d) {
        return new PortOptions(replyTimeout, runTimeout, maxLineBytes, d);
    }
}
