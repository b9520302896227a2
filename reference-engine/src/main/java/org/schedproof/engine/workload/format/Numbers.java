package org.schedproof.engine.workload.format;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exact conversions of trace fields to integer time (spec/WORKLOAD.md, "Time"). No value passes through a double,
 * so every port of the format rules gets the same microseconds.
 */
final class Numbers {
    private static final Pattern TIMESTAMP =
            Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Numbers() {}

    /**
     * Decimal seconds (e.g. "4.314579", "5.8926549999999995") to microseconds, rounded half to even. Throws
     * IllegalArgumentException with the expectation in its message.
     */
    static long secondsToMicros(String text) {
        BigDecimal s;
        try {
            s = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a decimal number of seconds, got " + quote(text));
        }
        if (s.signum() < 0) {
            throw new IllegalArgumentException("must be >= 0 seconds, got " + text);
        }
        try {
            return s.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("too large: " + text + " seconds");
        }
    }

    /**
     * "yyyy-MM-dd HH:mm:ss[.f{1,9}]" (no zone, read as UTC) to nanoseconds since 1970-01-01; the fraction is read as
     * an integer. Throws IllegalArgumentException.
     */
    static long timestampNanos(String text) {
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a timestamp yyyy-MM-dd HH:mm:ss.SSSSSSS, got " + quote(text));
        }
        long day;
        try {
            day = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
                    .toEpochDay();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a valid date in " + quote(text) + ": " + e.getMessage());
        }
        int h = Integer.parseInt(m.group(4));
        int min = Integer.parseInt(m.group(5));
        int sec = Integer.parseInt(m.group(6));
        if (h > 23 || min > 59 || sec > 59) {
            throw new IllegalArgumentException("not a valid time of day in " + quote(text));
        }
        long nanos = 0;
        String frac = m.group(7);
        if (frac != null) {
            nanos = Long.parseLong(frac);
            for (int i = frac.length(); i < 9; i++) {
                nanos *= 10;
            }
        }
        return ((day * 24 + h) * 60 + min) * 60 * NANOS_PER_SECOND + sec * NANOS_PER_SECOND + nanos;
    }

    static String quote(String s) {
        return org.schedproof.engine.workload.WorkloadException.quote(s);
    }
}
