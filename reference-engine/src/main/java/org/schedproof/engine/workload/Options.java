package org.schedproof.engine.workload;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code ?key=value&...} options of an address. Readers ask for every option they understand when they are
 * built, with its default; whatever was given but never asked for is an unknown option, reported with the list of
 * known ones ({@link #requireAllKnown}). Values are checked here, so every reader gets the same messages.
 */
public final class Options {
    private final String address;
    private final Map<String, String> given;
    private final Map<String, String> defaults;
    private final Set<String> asked;

    private Options(String address, Map<String, String> given, Map<String, String> defaults, Set<String> asked) {
        this.address = address;
        this.given = given;
        this.defaults = defaults;
        this.asked = asked;
    }

    /** Parses {@code key=value&key=value}; an empty query gives no options. */
    public static Options parse(String address, String query) {
        Map<String, String> given = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new WorkloadException("workload address '" + address + "': option '" + pair
                            + "': expected key=value");
                }
                String key = pair.substring(0, eq);
                if (given.put(key, pair.substring(eq + 1)) != null) {
                    throw new WorkloadException("workload address '" + address + "': option '" + key + "' given twice");
                }
            }
        }
        return new Options(address, given, Map.of(), new TreeSet<>());
    }

    public static Options none(String address) {
        return parse(address, "");
    }

    /** A view whose absent keys take {@code presets} (e.g. a generator's preset); tracking is shared. */
    public Options withDefaults(Map<String, String> presets) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        merged.putAll(presets);
        return new Options(address, given, Collections.unmodifiableMap(merged), asked);
    }

    /** Whether the address itself gives {@code key} (a preset default does not count). */
    public boolean given(String key) {
        asked.add(key);
        return given.containsKey(key);
    }

    public String string(String key, String fallback) {
        asked.add(key);
        String v = given.get(key);
        if (v == null) {
            v = defaults.getOrDefault(key, fallback);
        }
        return v;
    }

    public long longValue(String key, long fallback, long min, long max) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        long x;
        try {
            x = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, "expected an integer, got " + WorkloadException.quote(v));
        }
        if (x < min || x > max) {
            throw bad(key, "must be in [" + min + ", " + max + "], got " + x);
        }
        return x;
    }

    public int intValue(String key, int fallback, int min, int max) {
        return (int) longValue(key, fallback, min, max);
    }

    /** A finite decimal number in [min, max]; {@code exclusiveMin} makes the lower bound strict. */
    public double number(String key, double fallback, double min, boolean exclusiveMin, double max) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        double x;
        try {
            x = new BigDecimal(v.trim()).doubleValue();
        } catch (NumberFormatException e) {
            throw bad(key, "expected a number, got " + WorkloadException.quote(v));
        }
        if (x < min || (exclusiveMin && x == min) || x > max || !Double.isFinite(x)) {
            throw bad(key, "must be in " + (exclusiveMin ? "(" : "[") + fmt(min) + ", " + fmt(max) + "], got " + v);
        }
        return x;
    }

    /** One of {@code choices}. */
    public String choice(String key, String fallback, String... choices) {
        String v = string(key, fallback);
        for (String c : choices) {
            if (c.equals(v)) {
                return v;
            }
        }
        throw bad(key, "expected one of " + String.join(", ", choices) + ", got " + WorkloadException.quote(v));
    }

    /** An error about option {@code key}, naming the address. */
    public WorkloadException bad(String key, String message) {
        return new WorkloadException("workload address '" + address + "': option '" + key + "': " + message);
    }

    public String address() {
        return address;
    }

    /** Fails on options that no reader asked for, listing the known ones of {@code what} (a format's name). */
    public void requireAllKnown(String what) {
        for (String key : given.keySet()) {
            if (!asked.contains(key)) {
                throw new WorkloadException("workload address '" + address + "': unknown option '" + key + "' for "
                        + what + " (known: " + (asked.isEmpty() ? "none" : String.join(", ", asked)) + ")");
            }
        }
    }

    private static String fmt(double d) {
        if (d == Double.MAX_VALUE) {
            return "inf";
        }
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
