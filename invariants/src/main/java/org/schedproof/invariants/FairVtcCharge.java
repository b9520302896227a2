package org.schedproof.invariants;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.schedproof.spec.trace.TraceEvent;

/**
 * FAIR-VTC-CHARGE (ALGORITHMS.md 1.5.3 ExactCharging and 1.5.5 Monotone; spec/FAIRNESS.md 2.2 rule 4, ambiguity 2):
 * counters change only by exact charges, {@code unit·w_p} per prompt position a slice computes and {@code unit·w_q}
 * per emitted token (twice in a finishing step with {@code output-charge=artifact}), plus lifts. Judged through the
 * witness: step k's {@code vtc.c.CLIENT} must equal the counter recomputed from the trace (after step k's arrivals
 * and lifts, before its service). A discrepancy is reported when it appears or changes, for clients not lifted since
 * the previous step (those are FAIR-VTC-LIFT's). A trace without a witness has nothing to judge here.
 */
final class FairVtcCharge extends VtcChecker {
    private final WitnessDrift drift = new WitnessDrift();
    private boolean scaleJudged;

    FairVtcCharge() {
        super("FAIR-VTC-CHARGE", "the witness counters equal the recomputed ones: w_p per prompt position computed, "
                + "w_q per token emitted, plus lifts; never decreasing (policies vtc, lcf)");
    }

    @Override
    protected void judge(TraceEvent.Step s, Replay.StepFacts f) {
        if (!scaleJudged) {
            scaleJudged = true;
            String m = VtcState.scaleMismatch(header, vtc);
            if (m != null) report(s.index(), m);
        }
        if (!WitnessDrift.names(s.witness(), "vtc.")) return;
        Set<Integer> lifted = new HashSet<>();
        for (VtcState.LiftEvent l : vtc.lifts) lifted.add(l.client());
        int k = 0;
        for (Map.Entry<String, Long> e : vtc.witnessView().entrySet()) {
            String key = e.getKey();
            Long seen = s.witness().get(key);
            if (seen == null) {
                if (drift.firstMissing(key)) {
                    report(s.index(), "the witness has no " + key + " (recomputed " + e.getValue() + ")");
                }
            } else {
                long before = drift.record(key, seen, e.getValue());
                if (!lifted.contains(k) && drift.changed(key, before)) {
                    report(s.index(), "witness " + key + " = " + seen + " but the trace's service gives "
                            + e.getValue() + drift.history(key, before));
                }
            }
            k++;
        }
    }
}
