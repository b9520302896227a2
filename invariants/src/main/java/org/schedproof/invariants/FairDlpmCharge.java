package org.schedproof.invariants;

import org.schedproof.spec.trace.TraceEvent;

/**
 * FAIR-DLPM-CHARGE (ALGORITHMS.md 2.5.5 ChargeConservation; spec/FAIRNESS.md 3.4 and the recurrence 3.6.3): deficits
 * change only by refills ({@code Q} per round to each backlogged client), the returning-client rule, and charges of
 * exactly the service given: {@code w_p} per prompt position a slice computes (plus the hit at admission under
 * {@code charge=full-prompt}) and {@code w_q} per emitted token. Judged through the witness: step k's
 * {@code dlpm.q.CLIENT} equals the recomputed deficit after step k's pass; a discrepancy is reported when it appears
 * or changes.
 */
final class FairDlpmCharge extends DlpmChecker {
    private final WitnessDrift drift = new WitnessDrift();

    FairDlpmCharge() {
        super("FAIR-DLPM-CHARGE", "witness deficits equal the recomputed ones: refills, returning-client rule, and "
                + "w_p per prompt position computed, w_q per token emitted (policy dlpm)");
    }

    @Override
    protected void judge(TraceEvent.Step s, Replay.StepFacts f) {
        if (!WitnessDrift.names(s.witness(), "dlpm.")) return;
        for (int c = 0; c < dlpm.clients.size(); c++) {
            String key = "dlpm.q." + dlpm.clients.get(c);
            Long seen = s.witness().get(key);
            long mine = dlpm.deficit(c);
            if (seen == null) {
                if (drift.firstMissing(key)) {
                    report(s.index(), "the witness has no " + key + " (recomputed " + mine + ")");
                }
                continue;
            }
            long before = drift.record(key, seen, mine);
            if (drift.changed(key, before)) {
                report(s.index(), "witness " + key + " = " + seen + " but the trace gives " + mine
                        + drift.history(key, before));
            }
        }
    }
}
