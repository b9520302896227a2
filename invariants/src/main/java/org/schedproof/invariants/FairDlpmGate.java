package org.schedproof.invariants;

import org.schedproof.spec.Request;
import org.schedproof.spec.trace.TraceEvent;

/**
 * FAIR-DLPM-GATE (ALGORITHMS.md 2.5.1 DeficitGate; spec/FAIRNESS.md 3.3 step 3 and 3.6.1): a request is admitted only
 * while its client's deficit exceeds the prompt work committed to the client, {@code d_c - C_c > 0}, with {@code d_c}
 * after the pass's refill (a refill comes before any admission of its pass) and {@code C_c} the uncomputed prompt
 * positions of its running requests plus this step's earlier admissions ({@code w_p} each).
 */
final class FairDlpmGate extends DlpmChecker {
    FairDlpmGate() {
        super("FAIR-DLPM-GATE", "an admitted request's client had deficit - committed prompt work > 0 (policy dlpm)");
    }

    @Override
    protected void judge(TraceEvent.Step s, Replay.StepFacts f) {
        long[] committed = dlpm.committed(f.runningAtStart);
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            if (!sf.admitted() || sf.preempted()) continue;
            Request r = dlpm.request(sf.slice().requestId());
            if (r == null) continue;
            int c = dlpm.clientOf(r.id());
            long d = dlpm.deficit(c);
            if (d - committed[c] <= 0) {
                report(s.index(), r.id(), "admits request " + r.id() + " of " + client(c) + " whose deficit " + d
                        + " does not exceed its committed prompt work " + committed[c]);
            }
            committed[c] += dlpm.commitment(r, sf.hit());
        }
    }
}
