package org.schedproof.engine.alise;

import org.schedproof.spec.CostProfile;

/**
 * ALISE's execution-time estimate (arXiv 2410.23537, the profiled latency model summarized in ALGORITHMS.md 6.2.2:
 * {@code T_pre(s) + T_dec(s, n)}), taken from the engine's own cost profile (spec/COST.md) so that the estimate and
 * the clock agree: the picoseconds a job would still take if it ran alone. With {@code s} the sequence length
 * (prompt + generated), {@code c} the positions with KV and {@code d >= 1} the tokens it is predicted to still
 * generate, it first computes the {@code s - c} pending positions, in {@code ceil((s - c) / budget)} iterations
 * (one decode iteration when only the newest token lacks KV), which emits one token, and then decodes {@code d - 1}
 * tokens attending to {@code s + 1, ..., s + d - 1} positions:
 * <pre>
 *   first  = (s - c == 1 and generated > 0)
 *            ? base + decodeToken + decodeKv * s
 *            : ceil((s - c) / budget) * base + (s - c) * prefillToken + causalPairs(c, s - c) * prefillPair
 *   rest   = (d - 1) * (base + decodeToken) + decodeKv * ((d - 1) * s + (d - 1) * d / 2)
 *   rem    = first + rest
 * </pre>
 * Integer arithmetic throughout (a checker can recompute it exactly).
 */
public final class RemainingTime {
    private RemainingTime() {}

    /** Picoseconds the job still needs alone; see the class comment for the formula. */
    //@ requires 1 <= budget && 0 <= computed && computed < sequence && generated >= 0 && remainingTokens >= 1;
    //@ ensures \result >= cost.basePs();
    public static long ps(CostProfile cost, int budget, int sequence, int computed, int generated, int remainingTokens) {
        long pending = sequence - computed;
        long first;
        if (pending == 1 && generated > 0) {
            first = cost.basePs() + cost.decodeTokenPs() + cost.decodeKvPs() * sequence;
        } else {
            long iterations = (pending + budget - 1) / budget;
            first = iterations * cost.basePs() + pending * cost.prefillTokenPs()
                    + CostProfile.causalPairs(computed, (int) pending) * cost.prefillPairPs();
        }
        long more = remainingTokens - 1L;
        long rest = more * (cost.basePs() + cost.decodeTokenPs())
                + cost.decodeKvPs() * (more * sequence + more * (more + 1) / 2);
        return first + rest;
    }
}
