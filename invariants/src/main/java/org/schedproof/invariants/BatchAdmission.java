package org.schedproof.invariants;

import java.util.Set;
import org.schedproof.spec.trace.TraceEvent;

/**
 * BATCH-ADMISSION (ALGORITHMS.md 4.5.5, Sarathi-Serve's admission; vLLM V1 admits nothing in a step that preempted,
 * 4.7): a step that admits a request preempts none, and after its slices the blocks not held by the running requests,
 * less those the ongoing prefills still need for their whole sequence, are at least {@code watermarkBlocks}:
 * {@code numBlocks - held - reserved >= watermark}, {@code held} being the replay's lower bound on the blocks held
 * (so the check can only under-report) and {@code reserved} = {@code Σ blocksFor(sequence) - ceil(computed /
 * blockSize)} over the running requests not in decode phase. Applies to the formers {@code sarathi},
 * {@code prefill-first} and {@code orca}.
 */
final class BatchAdmission extends AbstractChecker {
    private static final Set<String> FORMERS = Set.of("sarathi", "prefill-first", "orca");

    BatchAdmission() {
        super("BATCH-ADMISSION", "a step that admits preempts nothing and leaves numBlocks - held - reserved >= "
                + "watermark (batching sarathi, prefill-first, orca)", new Replay(false, true));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    public boolean applicable() {
        return FORMERS.contains(batching());
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        if (!applies() || f.admitted == 0) return;
        long admitted = -1;
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            if (sf.admitted()) {
                admitted = sf.slice().requestId();
                break;
            }
        }
        if (!s.preempted().isEmpty()) {
            report(s.index(), admitted, "admits request " + admitted + " in a step that preempts "
                    + s.preempted().size() + " (the victims' blocks would count twice)");
        }
        long headroom = config.numBlocks() - f.kvPeak - f.reservedAfter;
        if (headroom < config.watermarkBlocks()) {
            report(s.index(), admitted, "admissions leave at most " + headroom + " blocks (" + config.numBlocks()
                    + " - " + f.kvPeak + " held - " + f.reservedAfter + " reserved for ongoing prefills) < watermark "
                    + config.watermarkBlocks());
        }
    }
}
