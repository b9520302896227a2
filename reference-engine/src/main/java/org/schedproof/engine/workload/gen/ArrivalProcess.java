package org.schedproof.engine.workload.gen;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.schedproof.engine.workload.Options;

/**
 * Seeded arrival times in integer µs; the first arrival is at 0. Options: {@code arrival=poisson|gamma|onoff},
 * {@code qps} (mean rate, default 1.0), {@code cv} (gamma: coefficient of variation of the gaps, default 1.0),
 * {@code on}/{@code off} (onoff: seconds of each phase, defaults 10 and 30; Poisson at qps while on, silence while
 * off). Gaps are rounded to the nearest µs and accumulated as integers.
 */
public final class ArrivalProcess {
    private final ContinuousSampler gapSeconds;
    private final long onUs;
    private final long offUs;
    private long activeUs = -1;

    private ArrivalProcess(ContinuousSampler gapSeconds, long onUs, long offUs) {
        this.gapSeconds = gapSeconds;
        this.onUs = onUs;
        this.offUs = offUs;
    }

    /** Reads the arrival options (all of them, so they count as known) and builds the process for {@code seed}. */
    public static ArrivalProcess fromOptions(Options options, long seed) {
        String kind = options.choice("arrival", "poisson", "poisson", "gamma", "onoff");
        double qps = options.number("qps", 1.0, 0, true, 1e9);
        double cv = options.number("cv", 1.0, 0, true, 1e3);
        double on = options.number("on", 10, 0, true, 1e9);
        double off = options.number("off", 30, 0, false, 1e9);
        if (!kind.equals("gamma") && options.given("cv")) {
            throw options.bad("cv", "only applies to arrival=gamma (arrival is " + kind + ")");
        }
        if (!kind.equals("onoff") && (options.given("on") || options.given("off"))) {
            throw options.bad(options.given("on") ? "on" : "off", "only applies to arrival=onoff (arrival is " + kind + ")");
        }
        UniformRandomProvider rng = Seeds.ARRIVALS.rng(seed);
        switch (kind) {
            case "gamma": {
                double shape = 1 / (cv * cv);
                return new ArrivalProcess(AhrensDieterMarsagliaTsangGammaSampler.of(rng, shape, 1 / (qps * shape)), 0, 0);
            }
            case "onoff":
                return new ArrivalProcess(ZigguratSampler.Exponential.of(rng, 1 / qps), Math.round(on * 1e6),
                        Math.round(off * 1e6));
            default:
                return new ArrivalProcess(ZigguratSampler.Exponential.of(rng, 1 / qps), 0, 0);
        }
    }

    /** The next arrival in µs; non-decreasing, starting at 0. */
    public long next() {
        if (activeUs < 0) {
            activeUs = 0;
        } else {
            activeUs = Math.addExact(activeUs, Math.round(gapSeconds.sample() * 1e6));
        }
        if (onUs == 0) {
            return activeUs;
        }
        // Time counted only while on, then laid out on the clock: each full on-phase is followed by an off-phase.
        return activeUs / onUs * (onUs + offUs) + activeUs % onUs;
    }
}
