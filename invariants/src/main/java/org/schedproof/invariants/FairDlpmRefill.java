package org.schedproof.invariants;

import org.schedproof.spec.trace.TraceEvent;

/**
 * FAIR-DLPM-REFILL (ALGORITHMS.md 2.5.3 RefillOnlyWhenExhausted; spec/FAIRNESS.md 3.3 step 4 and 3.6.2): a pass
 * refills exactly when every client backlogged at its start has a deficit at most 0, by the least number of rounds
 * {@code n = min (floor(-d_c / Q) + 1)} that makes one positive, {@code n·Q} to each backlogged client at once. Judged
 * through the witness's {@code dlpm.refills}, the rounds so far, which must equal the recomputed count.
 */
final class FairDlpmRefill extends DlpmChecker {
    private long lastGap;

    FairDlpmRefill() {
        super("FAIR-DLPM-REFILL", "refills only when every backlogged client's deficit is <= 0, by the least rounds "
                + "that make one positive, as witness dlpm.refills must show (policy dlpm)");
    }

    @Override
    protected void judge(TraceEvent.Step s, Replay.StepFacts f) {
        Long seen = s.witness().get("dlpm.refills");
        if (seen == null) return;
        long gap = seen - dlpm.refills;
        if (gap == lastGap) return;
        long added = gap - lastGap + dlpm.lastRounds;
        int positive = -1;
        for (int c = 0; c < dlpm.backlogged.length; c++) {
            if (dlpm.backlogged[c] && dlpm.beforeRefill[c] > 0) positive = c;
        }
        String why = dlpm.lastRounds > 0 ? "every backlogged deficit was <= 0, so " + dlpm.lastRounds
                + " round(s) were due" : positive >= 0 ? client(positive) + " was backlogged with deficit "
                + dlpm.beforeRefill[positive] + " > 0, so no refill was due" : "no client was backlogged";
        report(s.index(), "witness dlpm.refills grew by " + added + " in this pass but " + why);
        lastGap = gap;
    }
}
