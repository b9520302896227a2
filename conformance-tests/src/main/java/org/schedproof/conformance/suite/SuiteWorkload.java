package org.schedproof.conformance.suite;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;

/**
 * One workload of a suite: a short {@code id} (the folder of its trace under {@code certify --out}), a workload
 * address (spec/WORKLOAD.md) of which the first {@code limit} requests are taken, how the engine is sized for it, and
 * the one line saying what it is there to exercise.
 */
public record SuiteWorkload(String id, String address, int limit, EngineRecipe engine, String purpose) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern SEED = Pattern.compile("[?&]seed=(-?\\d+)");

    public SuiteWorkload {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(purpose, "purpose");
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("workload id '" + id + "' must match " + ID);
        if (limit < 1) throw new IllegalArgumentException("workload " + id + ": limit must be >= 1, was " + limit);
    }

    /** The workload: its name is the address with {@code limit=N} appended, which loads the same requests again. */
    public Workload load() {
        return Workloads.load(address, limit);
    }

    /** The generator's or sampler's seed named in the address ({@code seed=N}), or null (a trace read in order). */
    public Long seed() {
        return seedOf(address);
    }

    /** The {@code seed=N} option of a workload address, or null. */
    public static Long seedOf(String address) {
        Matcher m = SEED.matcher(address);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }
}
