package org.schedproof.invariants;

import java.util.Arrays;
import org.schedproof.spec.Request;
import org.schedproof.spec.trace.TraceEvent;

/**
 * FAIR-VTC-GAP (VTC, Sheng et al. OSDI'24, the service-gap theorem; ALGORITHMS.md 1.5.9 ServiceGap and 1.6;
 * spec/FAIRNESS.md 2.4; proofs/VTC-BOUND.md): for clients f and g continuously backlogged over steps [i, j)
 * (FAIRNESS.md section 1: waiting at each step's start and still waiting after its admissions),
 * {@code |Ŵ_f[i, j) - Ŵ_g[i, j)| <= U_f + U_g}. The weighted service Ŵ is measured from the slices and the emitted
 * tokens (METRICS.md section 12: {@code unit·(w_p·prompt positions computed + w_q·tokens)}), never from the counters.
 * {@code U_f} is the largest {@code unit_f·Σ rest(r)} over f's running requests after any pass up to the interval's
 * end (FAIRNESS.md 2.4's definition, measured as FAIR-VTC-SPREAD measures it: the proof uses U at instants in the
 * past only). Applies to {@code vtc} with {@code lift=paper} and {@code output-charge=once}, the options the theorem
 * covers (LCF and the artifact's lift have no bound).
 */
final class FairVtcGap extends VtcChecker {
    private final ServiceGaps gaps = new ServiceGaps();
    private long[] bound = new long[0];

    FairVtcGap() {
        super("FAIR-VTC-GAP", "for clients f, g continuously backlogged over steps [i, j), the weighted service measured "
                + "from the slices differs by at most U_f + U_g (vtc, lift=paper, output-charge=once)");
    }

    @Override
    public boolean applicable() {
        return theoremCovers();
    }

    @Override
    protected void judge(TraceEvent.Step s, Replay.StepFacts f) {
        int n = vtc.clients.size();
        if (bound.length < n) bound = Arrays.copyOf(bound, n);
        long[] rest = vtc.restOfRunning(f.runningAfterPass(vtc::promptLength));
        for (int k = 0; k < n; k++) bound[k] = Math.max(bound[k], rest[k]);
        // waiting after the step's preemptions (back in their queues) and admissions (out of them)
        int[] waitingAfter = new int[n];
        for (int k = 0; k < n; k++) waitingAfter[k] = vtc.queued(k);
        long[] service = new long[n];
        if (!s.rejected()) {
            for (Replay.PreemptFact p : f.preempts) {
                int k = vtc.clientOf(p.requestId());
                if (k >= 0 && p.before() == Replay.Status.RUNNING && !p.twice()) waitingAfter[k]++;
            }
            for (int i = 0; i < f.slices.size(); i++) {
                Replay.SliceFact sf = f.slices.get(i);
                Request r = vtc.request(sf.slice().requestId());
                if (r == null) continue;
                int k = vtc.clientOf(r.id());
                if (sf.admitted()) waitingAfter[k]--;
                service[k] += vtc.unit(k) * vtc.inputPrice * VtcState.promptPositions(r, sf.slice());
            }
            for (int j = 0; j < f.emits.size(); j++) {
                long id = f.emits.getLong(j);
                int k = vtc.clientOf(id);
                if (k >= 0) service[k] += vtc.unit(k) * vtc.outputPrice;
            }
        }
        boolean[] through = new boolean[n];
        for (int k = 0; k < n; k++) through[k] = vtc.waiting(k) && waitingAfter[k] > 0;
        for (ServiceGaps.Excess e : gaps.step(s.index(), through, service, (a, b) -> bound[a] + bound[b])) {
            report(s.index(), client(e.more()) + " received " + e.gap() + " more weighted service than "
                    + client(e.less()) + " over steps [" + e.from() + ", " + e.to() + "), both continuously backlogged: "
                    + e.gap() + " > U_f + U_g = " + bound[e.more()] + " + " + bound[e.less()]);
        }
    }
}
