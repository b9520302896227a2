package org.schedproof.invariants;

import java.util.Map;
import org.schedproof.spec.Request;
import org.schedproof.spec.trace.TraceEvent;

/**
 * FAIR-DLPM-GAP (spec/FAIRNESS.md 3.7, derived; ALGORITHMS.md 2.5.5 and 2.6; proofs/DLPM-BOUND.md): for clients f and
 * g both backlogged at the start of every step in [i, j), {@code |W_f[i, j) - W_g[i, j)| <= 2·(Q + w_p·P_max + w_q·E
 * - 1)}. The service W is measured from the slices and the emitted tokens (METRICS.md section 12; under
 * {@code charge=full-prompt} also the hit of each admission), never from the deficits. The constants are read from
 * the trace so far, each at least what the proof needs for an interval ending now: {@code P_max} the longest prompt
 * that has arrived, {@code E} the most tokens one client's requests running after any pass can still emit, {@code
 * Σ (maxNewTokens - generated)} over them (they may emit fewer). Applies to {@code dlpm} over its own deficits.
 */
final class FairDlpmGap extends DlpmChecker {
    private final ServiceGaps gaps = new ServiceGaps();
    /** E so far. */
    private long mostToEmit;

    FairDlpmGap() {
        super("FAIR-DLPM-GAP", "for clients f, g backlogged at every step of [i, j), the service measured from the "
                + "slices differs by at most 2·(Q + w_p·P_max + w_q·E - 1) (policy dlpm)");
    }

    @Override
    protected void judge(TraceEvent.Step s, Replay.StepFacts f) {
        int n = dlpm.clients.size();
        long[] toEmit = new long[n];
        for (Map.Entry<Long, int[]> e : f.runningAfterPass(dlpm::promptLength).entrySet()) {
            Request r = dlpm.request(e.getKey());
            if (r != null) toEmit[dlpm.clientOf(r.id())] += r.maxNewTokens() - e.getValue()[1];
        }
        for (long t : toEmit) mostToEmit = Math.max(mostToEmit, t);
        long[] service = new long[n];
        if (!s.rejected()) {
            for (int k = 0; k < f.slices.size(); k++) {
                Replay.SliceFact sf = f.slices.get(k);
                Request r = dlpm.request(sf.slice().requestId());
                if (r == null) continue;
                long positions = VtcState.promptPositions(r, sf.slice());
                if (dlpm.fullPrompt && sf.admitted()) positions += Math.min(sf.slice().start(), r.promptLength());
                service[dlpm.clientOf(r.id())] += dlpm.inputPrice * positions;
            }
            for (int j = 0; j < f.emits.size(); j++) {
                long id = f.emits.getLong(j);
                int c = dlpm.clientOf(id);
                if (c >= 0) service[c] += dlpm.outputPrice;
            }
        }
        boolean[] through = java.util.Arrays.copyOf(dlpm.backlogged, n);
        long bound = 2 * (dlpm.quantum + dlpm.inputPrice * dlpm.longestPrompt + dlpm.outputPrice * mostToEmit - 1);
        for (ServiceGaps.Excess e : gaps.step(s.index(), through, service, (a, b) -> bound)) {
            report(s.index(), client(e.more()) + " received " + e.gap() + " more service than " + client(e.less())
                    + " over steps [" + e.from() + ", " + e.to() + "), both backlogged at each step's start: "
                    + e.gap() + " > 2·(Q + w_p·P_max + w_q·E - 1) = " + bound + " (Q " + dlpm.quantum + ", P_max "
                    + dlpm.longestPrompt + ", E " + mostToEmit + ")");
        }
    }
}
