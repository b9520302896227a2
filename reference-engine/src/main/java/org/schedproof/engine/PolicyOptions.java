package org.schedproof.engine;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code key=value} options a policy is built with ({@code --param} on the command line). A policy asks for
 * every option it understands with its default when it is built; the values it resolved go into the trace header,
 * so a checker recomputes with exactly them, and whatever was given but never asked for is an error naming the
 * known keys ({@link #requireAllKnown}).
 */
public final class PolicyOptions {
    private final String policy;
    private final Map<String, String> given;
    private final Map<String, String> resolved = new LinkedHashMap<>();

    public PolicyOptions(String policy, Map<String, String> given) {
        this.policy = policy;
        this.given = Map.copyOf(given);
    }

    public static PolicyOptions none(String policy) {
        return new PolicyOptions(policy, Map.of());
    }

    public String string(String key, String defaultValue) {
        String v = given.getOrDefault(key, defaultValue);
        resolved.put(key, v);
        return v;
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        String v = string(key, Long.toString(defaultValue));
        try {
            long x = Long.parseLong(v.trim());
            if (x < min || x > max) throw fail(key, v, "must be in [" + min + ", " + max + "]");
            return x;
        } catch (NumberFormatException e) {
            throw fail(key, v, "expected an integer");
        }
    }

    public int intValue(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    public double doubleValue(String key, double defaultValue, double min, double max) {
        String v = string(key, Double.toString(defaultValue));
        try {
            double x = Double.parseDouble(v.trim());
            if (!(x >= min && x <= max)) throw fail(key, v, "must be in [" + min + ", " + max + "]");
            return x;
        } catch (NumberFormatException e) {
            throw fail(key, v, "expected a number");
        }
    }

    /** An enum option: its value is the constant's name in lower case with '-' for '_'. */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        String v = string(key, id(defaultValue));
        for (E e : type.getEnumConstants()) {
            if (id(e).equals(v)) return e;
        }
        throw fail(key, v, "expected one of " + Arrays.stream(type.getEnumConstants()).map(PolicyOptions::id).toList());
    }

    public static String id(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every option asked for, with the value used (given or default), in the order asked. */
    public Map<String, String> resolved() {
        return Collections.unmodifiableMap(resolved);
    }

    /** Fails naming the given options no policy component asked for. */
    public void requireAllKnown() {
        TreeSet<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(resolved.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("policy '" + policy + "': unknown option(s) " + unknown + "; known: "
                    + (resolved.isEmpty() ? "none" : new TreeSet<>(resolved.keySet())));
        }
    }

    private IllegalArgumentException fail(String key, String value, String why) {
        return new IllegalArgumentException("policy '" + policy + "': option " + key + "=" + value + ": " + why);
    }
}
