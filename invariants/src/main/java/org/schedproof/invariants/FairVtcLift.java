package org.schedproof.invariants;

import java.util.HashMap;
import java.util.Map;
import org.schedproof.spec.trace.TraceEvent;

/**
 * FAIR-VTC-LIFT (ALGORITHMS.md 1.5.4 LiftRule, ambiguity 1; spec/FAIRNESS.md 2.2 rule 2): when a client's queue goes
 * from empty to non-empty its counter becomes {@code max(c_u, min of the other waiting clients' counters)}, or with
 * {@code lift=paper} and nobody else waiting {@code max(c_u, c_lastLeft)}; {@code lift=none} (and {@code lcf}) never
 * lifts. Judged through the witness of the first step after the lift, which must show the lifted counter (carrying
 * any discrepancy FAIR-VTC-CHARGE already reported). A trace without a witness has nothing to judge here.
 */
final class FairVtcLift extends VtcChecker {
    private final WitnessDrift drift = new WitnessDrift();

    FairVtcLift() {
        super("FAIR-VTC-LIFT", "a client whose queue becomes non-empty is lifted to max(c, least waiting counter, or "
                + "the last-left client's with lift=paper), as the witness must show (policies vtc, lcf)");
    }

    @Override
    protected void judge(TraceEvent.Step s, Replay.StepFacts f) {
        if (!WitnessDrift.names(s.witness(), "vtc.")) return;
        Map<Integer, VtcState.LiftEvent> lifted = new HashMap<>();
        for (VtcState.LiftEvent l : vtc.lifts) lifted.putIfAbsent(l.client(), l);
        int k = 0;
        for (Map.Entry<String, Long> e : vtc.witnessView().entrySet()) {
            Long seen = s.witness().get(e.getKey());
            if (seen != null) {
                long before = drift.record(e.getKey(), seen, e.getValue());
                VtcState.LiftEvent l = lifted.get(k);
                if (l != null && drift.changed(e.getKey(), before)) {
                    report(s.index(), "witness " + e.getKey() + " = " + seen + " but " + client(k)
                            + " was lifted from " + l.before() + " to " + l.after() + ", " + l.why()
                            + (seen == l.before() + before ? ": no lift was applied"
                            : ": expected " + (e.getValue() + before)));
                }
            }
            k++;
        }
    }
}
