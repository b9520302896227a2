package org.schedproof.invariants;

import org.schedproof.spec.trace.TraceEvent;

/**
 * ORDER-LPM (SGLang's longest prefix match, ALGORITHMS.md 3.3 and 3.7.1; 2.5.2 LPMOrderAmongEligible; spec/FAIRNESS.md
 * 3.1 and 3.6.5): the requests one step admits, in batch order, have non-increasing cached prefixes (their hits),
 * except that in-batch-deprioritized requests, whose hit is at most {@code inbatch-check} tokens, come after all the
 * others, again in non-increasing hits. A step's hits are all a trace says of the LPM order (the cache's other
 * contents are not recorded), so this is the order among the admitted requests only; DLPM skips closed gates without
 * reordering, and refills only before a pass's first admission, so the same holds for it. Applies to {@code lpm} and
 * {@code dlpm}.
 */
final class OrderLpm extends AbstractChecker {
    private int check = 32;

    OrderLpm() {
        super("ORDER-LPM", "a step's admissions have non-increasing hits, then the deprioritized ones (hit <= "
                + "inbatch-check), also non-increasing (policies lpm, dlpm)", new Replay(false, false));
    }

    @Override
    public String forPolicy() {
        return "lpm";
    }

    @Override
    public boolean applicable() {
        return super.applicable() || "dlpm".equals(tracePolicy());
    }

    @Override
    protected void onHeader(TraceEvent.Header h) {
        try {
            check = Integer.parseInt(h.parameters().getOrDefault("inbatch-check", "32").trim());
        } catch (NumberFormatException e) {
            check = 32;
        }
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        if (!applicable()) return;
        int previous = Integer.MAX_VALUE;
        long previousId = -1;
        boolean tail = false;
        for (Replay.SliceFact sf : f.slices) {
            if (!sf.admitted() || sf.preempted()) continue;
            int hit = sf.hit();
            long id = sf.slice().requestId();
            if (hit > previous) {
                if (tail || check < 0 || hit > check) {
                    report(s.index(), id, "admits request " + id + " with a " + hit + "-token cached prefix after "
                            + "request " + previousId + " with " + previous + (tail ? " among deprioritized requests"
                            : check < 0 ? " (in-batch de-duplication off)" : ", and " + hit + " > inbatch-check "
                            + check + " so it cannot be deprioritized"));
                    return;
                }
                tail = true;
            }
            previous = hit;
            previousId = id;
        }
    }
}
