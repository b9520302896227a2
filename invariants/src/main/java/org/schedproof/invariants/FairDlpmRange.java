package org.schedproof.invariants;

import org.schedproof.spec.trace.TraceEvent;

/**
 * FAIR-DLPM-RANGE (ALGORITHMS.md 2.5.4 DeficitBounds; spec/FAIRNESS.md 3.6.4 and 3.7): every recomputed deficit stays
 * in {@code [1 - D, Q]}, {@code D = w_p·P_max + w_q·E}, judged after each pass (upper end) and after each step's
 * charges (lower end). {@code E}, the most tokens one client's running requests emit after a pass, is bounded here by
 * {@code maxRunning · (largest maxNewTokens so far)}, and {@code P_max} is the longest prompt so far, so the lower end
 * is the engine-terms form of 3.7. Together with FAIR-DLPM-CHARGE this is the service-gap bound
 * {@code |W_f - W_g| <= 2·(Q + D - 1)} over steps where both clients are backlogged.
 */
final class FairDlpmRange extends DlpmChecker {
    FairDlpmRange() {
        super("FAIR-DLPM-RANGE", "every deficit stays in [1 - (w_p·P_max + w_q·maxRunning·N_max), Q] (policy dlpm)");
    }

    @Override
    protected void judge(TraceEvent.Step s, Replay.StepFacts f) {
        for (int c = 0; c < dlpm.clients.size(); c++) {
            // before the refill: the previous step's charges applied
            if (c < dlpm.beforeRefill.length) lowerEnd(s.index() - 1, c, dlpm.beforeRefill[c]);
            if (dlpm.deficit(c) > dlpm.quantum) {
                report(s.index(), client(c) + "'s deficit " + dlpm.deficit(c) + " after the pass exceeds the quantum "
                        + dlpm.quantum);
            }
        }
    }

    @Override
    protected void onEnd(TraceEvent.End e) {
        if (!applies()) return;
        for (int c = 0; c < dlpm.clients.size(); c++) lowerEnd(lastStep, c, dlpm.deficit(c));
    }

    private void lowerEnd(long step, int c, long deficit) {
        long floor = 1 - (dlpm.inputPrice * dlpm.longestPrompt
                + dlpm.outputPrice * (long) config.maxRunning() * dlpm.mostNewTokens);
        if (deficit < floor) {
            report(step, client(c) + "'s deficit " + deficit + " after step " + step + "'s charges is below 1 - D = "
                    + floor + " (P_max " + dlpm.longestPrompt + ", maxRunning " + config.maxRunning() + ", N_max "
                    + dlpm.mostNewTokens + ")");
        }
    }
}
