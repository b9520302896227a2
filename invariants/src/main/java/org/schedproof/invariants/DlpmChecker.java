package org.schedproof.invariants;

import org.schedproof.spec.trace.TraceEvent;

/**
 * A FAIR-DLPM checker: it owns a {@link DlpmState} recomputed from the trace; at each step it applies the pass's
 * returning-client rule and refill, judges the step ({@link #judge}), then charges the step's service (a rejected
 * step's pass happened, its service did not). Applies to the policy {@code dlpm} over its own deficits.
 */
abstract class DlpmChecker extends AbstractChecker {
    protected DlpmState dlpm;
    /** The witness's refill count at the previous step. */
    protected long witnessRefills;

    DlpmChecker(String id, String statement) {
        super(id, statement, new Replay(true, false));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    public String forPolicy() {
        return "dlpm";
    }

    /** Not for deficits shared with other engines (a cluster's global ledger): one trace cannot recompute them. */
    @Override
    public boolean applicable() {
        return super.applicable() && !"shared".equals(header.parameters().get("deficits"));
    }

    @Override
    protected final void onHeader(TraceEvent.Header h) {
        dlpm = new DlpmState(h);
    }

    @Override
    protected final void onArrival(TraceEvent.Arrival a) {
        dlpm.arrive(a.request());
    }

    @Override
    protected final void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        Long seen = s.witness().get("dlpm.refills");
        dlpm.pass(seen == null ? null : seen - witnessRefills, !s.preempted().isEmpty());
        if (seen != null) witnessRefills = seen;
        if (applies()) judge(s, f);
        if (!s.rejected()) dlpm.ran(f);
    }

    /** Judges step {@code s}: its pass applied (returning clients, refill), its service not yet charged. */
    protected abstract void judge(TraceEvent.Step s, Replay.StepFacts f);

    protected final String client(int c) {
        return "client '" + dlpm.clients.get(c) + "'";
    }
}
