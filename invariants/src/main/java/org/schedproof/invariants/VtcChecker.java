package org.schedproof.invariants;

import org.schedproof.spec.trace.TraceEvent;

/**
 * A FAIR-VTC checker: it owns a {@link VtcState} recomputed from the trace, judges each step against it before the
 * step's service ({@link #judge}), then applies the step as it ran (a rejected step changes nothing). Applies to the
 * policies {@code vtc} and {@code lcf}.
 */
abstract class VtcChecker extends AbstractChecker {
    protected VtcState vtc;

    VtcChecker(String id, String statement) {
        super(id, statement, new Replay(true, false));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    public String forPolicy() {
        return "vtc";
    }

    @Override
    public boolean applicable() {
        return super.applicable() || "lcf".equals(tracePolicy());
    }

    /**
     * Whether the trace is {@code vtc} with the options the service-gap theorem covers (FAIRNESS.md 2.4:
     * {@code lift=paper}, {@code output-charge=once}); LCF and the artifact's lift have no bound.
     */
    protected final boolean theoremCovers() {
        return "vtc".equals(tracePolicy()) && vtc != null && vtc.lift == VtcState.Lift.PAPER
                && !vtc.artifactOutputCharge;
    }

    @Override
    protected final void onHeader(TraceEvent.Header h) {
        vtc = new VtcState(h);
    }

    @Override
    protected final void onArrival(TraceEvent.Arrival a) {
        vtc.arrive(a.request());
    }

    @Override
    protected final void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        if (applies()) judge(s, f);
        vtc.lifts.clear();
        if (!s.rejected()) vtc.ran(s, f);
    }

    /** Judges step {@code s} (its arrivals and lifts applied, its service not yet). */
    protected abstract void judge(TraceEvent.Step s, Replay.StepFacts f);

    protected final String client(int k) {
        return "client '" + vtc.clients.get(k) + "'";
    }
}
