package org.schedproof.conformance.protocol;

import java.time.Duration;

/**
 * Limits on a port (spec/PORT.md section 8): how long it may take to answer hello (it may load a model first), how
 * long one reply to a step may take, how long the whole run may take (handshake included), how long one stdout line
 * may be, and how long a port may take to exit after {@code end} before its process tree is ended.
 */
public record PortOptions(Duration startTimeout, Duration replyTimeout, Duration runTimeout, int maxLineBytes,
                          Duration exitGrace) {
    public static final PortOptions DEFAULTS = new PortOptions(Duration.ofSeconds(60), Duration.ofSeconds(10),
            Duration.ofSeconds(600), 1 << 20, Duration.ofSeconds(2));

    public PortOptions {
        for (Duration d : new Duration[] {startTimeout, replyTimeout, runTimeout}) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("port timeouts must be positive: " + d);
        }
        if (maxLineBytes < 64) throw new IllegalArgumentException("max line must be >= 64 bytes, was " + maxLineBytes);
        if (exitGrace.isNegative()) throw new IllegalArgumentException("exit grace must be >= 0, was " + exitGrace);
    }

    public PortOptions withStartTimeout(Duration d) {
        return new PortOptions(d, replyTimeout, runTimeout, maxLineBytes, exitGrace);
    }

    public PortOptions withReplyTimeout(Duration d) {
        return new PortOptions(startTimeout, d, runTimeout, maxLineBytes, exitGrace);
    }

    public PortOptions withRunTimeout(Duration d) {
        return new PortOptions(startTimeout, replyTimeout, d, maxLineBytes, exitGrace);
    }

    public PortOptions withMaxLineBytes(int bytes) {
        return new PortOptions(startTimeout, replyTimeout, runTimeout, bytes, exitGrace);
    }

    public PortOptions withExitGrace(Duration d) {
        return new PortOptions(startTimeout, replyTimeout, runTimeout, maxLineBytes, d);
    }
}
