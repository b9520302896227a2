package org.schedproof.engine.workload.gen;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.schedproof.engine.workload.Options;

/**
 * A distribution of positive integers, written in an option: {@code N} (always N), {@code A..B} (uniform on
 * [A, B]) or {@code exp:MEAN[:MAX]} (an exponential of mean MEAN rounded to the nearest integer, at least 1, at most
 * MAX if given).
 */
public final class LengthDist {
    private final String text;
    private final int lo;
    private final int hi;
    private final double mean;

    private LengthDist(String text, int lo, int hi, double mean) {
        this.text = text;
        this.lo = lo;
        this.hi = hi;
        this.mean = mean;
    }

    /** Reads option {@code key}; errors name the option. */
    public static LengthDist fromOption(Options options, String key, String fallback) {
        String v = options.string(key, fallback).trim();
        try {
            if (v.startsWith("exp:")) {
                String[] parts = v.substring(4).split(":", -1);
                if (parts.length > 2) {
                    throw new IllegalArgumentException();
                }
                double mean = Double.parseDouble(parts[0]);
                int max = parts.length == 2 ? Integer.parseInt(parts[1]) : Integer.MAX_VALUE;
                if (!(mean >= 1 && mean <= 1e9) || max < 1) {
                    throw new IllegalArgumentException();
                }
                return new LengthDist(v, 1, max, mean);
            }
            int dots = v.indexOf("..");
            int lo = Integer.parseInt(dots < 0 ? v : v.substring(0, dots));
            int hi = dots < 0 ? lo : Integer.parseInt(v.substring(dots + 2));
            if (lo < 1 || hi < lo) {
                throw new IllegalArgumentException();
            }
            return new LengthDist(v, lo, hi, 0);
        } catch (IllegalArgumentException e) {
            throw options.bad(key, "expected N, A..B (1 <= A <= B) or exp:MEAN[:MAX] (MEAN >= 1), got "
                    + org.schedproof.engine.workload.WorkloadException.quote(v));
        }
    }

    /** A sampler drawing from {@code rng}. */
    public Sampler sampler(UniformRandomProvider rng) {
        if (mean > 0) {
            ContinuousSampler exp = ZigguratSampler.Exponential.of(rng, mean);
            return () -> (int) Math.max(lo, Math.min(hi, Math.round(exp.sample())));
        }
        if (lo == hi) {
            return () -> lo;
        }
        return () -> lo + rng.nextInt(hi - lo + 1);
    }

    @Override
    public String toString() {
        return text;
    }

    /** Draws one length. */
    @FunctionalInterface
    public interface Sampler {
        int next();
    }
}
