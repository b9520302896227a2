package org.schedproof.invariants;

import org.schedproof.spec.trace.TraceEvent;

/**
 * FAIR-DLPM-REFILL (ALGORITHMS.md 2.5.3 RefillOnlyWhenExhausted; spec/FAIRNESS.md 3.3 step 4 and 3.6.2): a pass refills
 * only when every client backlogged at its start has a deficit at most 0, by the least number of rounds
 * {@code n = min (floor(-d_c / Q) + 1)} that makes one positive, {@code n·Q} to each backlogged client at once. Judged
 * through the witness's {@code dlpm.refills}, the rounds so far: each step adds 0 or exactly the rounds due. (A due
 * refill the witness does not show is legal, the former having asked for no offer; then no admission is legal either,
 * which FAIR-DLPM-GATE judges.)
 */
final class FairDlpmRefill extends DlpmChecker {
    private long previous;

    FairDlpmRefill() {
        super("FAIR-DLPM-REFILL", "a pass adds no refill, or exactly the least rounds that make a backlogged deficit "
                + "positive when every one is <= 0, as witness dlpm.refills must show (policy dlpm)");
    }

    @Override
    protected void judge(TraceEvent.Step s, Replay.StepFacts f) {
        Long seen = s.witness().get("dlpm.refills");
        if (seen == null) return;
        long added = seen - previous;
        previous = seen;
        if (added == 0 || added == dlpm.dueRounds) return;
        int positive = -1;
        for (int c = 0; c < dlpm.backlogged.length; c++) {
            if (dlpm.backlogged[c] && dlpm.beforeRefill[c] > 0) positive = c;
        }
        String why = dlpm.dueRounds > 0 ? "every backlogged deficit was <= 0, so " + dlpm.dueRounds + " round(s) or "
                + "none" : positive >= 0 ? client(positive) + " was backlogged with deficit "
                + dlpm.beforeRefill[positive] + " > 0, so no refill" : "no client was backlogged, so no refill";
        report(s.index(), "witness dlpm.refills grew by " + added + " in this pass but " + why + " could be added");
    }
}
