package org.schedproof.invariants;

import org.schedproof.spec.trace.TraceEvent;

/**
 * SAFE-BUDGET: the slices of every step (as asked, when rejected) total at most {@code max(tokenBudget, decodes)},
 * where a decode is a one-token slice of a request that was running, had emitted at least one token and lacked KV only
 * for its newest token (decodes are never refused for budget, ALGORITHMS.md 4.5.2). The violation names the slice
 * that crossed the limit.
 */
final class SafeBudget extends AbstractChecker {
    SafeBudget() {
        super("SAFE-BUDGET", "per step, total slice tokens <= max(tokenBudget, decode slices)",
                new Replay(false, false));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        long tokens = 0;
        int decodes = 0;
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            tokens += sf.slice().length();
            if (sf.decode()) decodes++;
        }
        long limit = Math.max(config.tokenBudget(), decodes);
        if (tokens <= limit) return;
        long sum = 0;
        long culprit = -1;
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            sum += sf.slice().length();
            if (sum > limit) {
                culprit = sf.slice().requestId();
                break;
            }
        }
        report(s.index(), culprit, "slices total " + tokens + " tokens (" + decodes + " decodes) > max(tokenBudget "
                + config.tokenBudget() + ", " + decodes + ") = " + limit + "; the slice of request " + culprit
                + " crossed it");
    }
}
