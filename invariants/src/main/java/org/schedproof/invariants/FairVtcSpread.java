package org.schedproof.invariants;

import java.util.Arrays;
import org.schedproof.spec.trace.TraceEvent;

/**
 * FAIR-VTC-SPREAD (ALGORITHMS.md 1.5.8 CounterSpread and 1.6; spec/FAIRNESS.md 2.4, steps (ii)-(iii) of the service-gap
 * proof): at every step's start, for any two waiting clients f and g, {@code c_f - c_g <= U_f}, where {@code U_f} is the
 * largest {@code unit_f·Σ rest(r)} over f's running requests at the end of any admission pass so far, {@code rest(r)
 * = w_p·(prompt positions not yet computed) + w_q·(tokens not yet generated)}. Counters are the recomputed ones. Since
 * {@code W_f - W_g} over a stretch where both stay backlogged is the change of {@code c_f - c_g}, this bounds the
 * service gap by {@code U_f + U_g} (the theorem). Applies to {@code vtc} with {@code lift=paper} and
 * {@code output-charge=once}, the options the theorem covers.
 */
final class FairVtcSpread extends VtcChecker {
    private long[] bound = new long[0];

    FairVtcSpread() {
        super("FAIR-VTC-SPREAD", "for waiting clients f, g at a step's start: c_f - c_g <= U_f, the most service f's "
                + "running requests could still take after any pass so far (vtc, lift=paper, output-charge=once)");
    }

    @Override
    public boolean applicable() {
        return theoremCovers();
    }

    @Override
    protected void judge(TraceEvent.Step s, Replay.StepFacts f) {
        int n = vtc.clients.size();
        if (bound.length < n) bound = Arrays.copyOf(bound, n);
        int high = -1;
        int low = -1;
        for (int k = 0; k < n; k++) {
            if (!vtc.waiting(k)) continue;
            if (high == -1 || vtc.counter(k) - bound[k] > vtc.counter(high) - bound[high]) high = k;
            if (low == -1 || vtc.counter(k) < vtc.counter(low)) low = k;
        }
        if (high != -1 && high != low && vtc.counter(high) - vtc.counter(low) > bound[high]) {
            report(s.index(), client(high) + "'s counter " + vtc.counter(high) + " exceeds waiting " + client(low)
                    + "'s " + vtc.counter(low) + " by " + (vtc.counter(high) - vtc.counter(low)) + " > U = "
                    + bound[high] + " (the most service its running requests could still take after a pass)");
        }
        // U after this step's pass: the requests running once its admissions are made, before its service
        long[] rest = vtc.restOfRunning(f.runningAfterPass(vtc::promptLength));
        for (int k = 0; k < rest.length; k++) bound[k] = Math.max(bound[k], rest[k]);
    }
}
