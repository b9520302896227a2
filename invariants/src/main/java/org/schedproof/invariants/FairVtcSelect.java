package org.schedproof.invariants;

import org.schedproof.spec.trace.TraceEvent;

/**
 * FAIR-VTC-SELECT (VTC, Sheng et al. OSDI'24 section 4; ALGORITHMS.md 1.5.1 MinCounterSelection and 1.5.2
 * IntraClientFIFO; spec/FAIRNESS.md 2.2 rule 3): each request a step admits belongs to the waiting client with the
 * least counter (the lowest client index among equals), the counters re-ranked after each admission of the step
 * with its slice's prompt positions; and it is the head of its client's queue in (arrival, id) order.
 */
final class FairVtcSelect extends VtcChecker {
    FairVtcSelect() {
        super("FAIR-VTC-SELECT", "each admission is the queue head of the least-counter waiting client (lowest index "
                + "among equals), re-ranked after each admission (policies vtc, lcf)");
    }

    @Override
    protected void judge(TraceEvent.Step s, Replay.StepFacts f) {
        for (VtcState.Admission a : vtc.pass(f).admissions()) {
            if (a.expectedClient() != a.client() && a.expectedClient() >= 0) {
                String why = a.counter() == a.expectedCounter()
                        ? "an equal counter " + a.counter() + " but a lower index (the tie-break)"
                        : "counter " + a.expectedCounter() + " < " + a.counter();
                report(s.index(), a.requestId(), "admits request " + a.requestId() + " of " + client(a.client())
                        + " (counter " + a.counter() + ") while " + client(a.expectedClient()) + " waits with " + why);
            }
            if (a.expectedHead() != a.requestId()) {
                report(s.index(), a.requestId(), "admits request " + a.requestId() + " of " + client(a.client())
                        + " ahead of its request " + a.expectedHead() + ", which arrived first");
            }
        }
    }
}
