package org.schedproof.invariants;

import java.util.List;
import java.util.Set;
import org.schedproof.spec.trace.TraceEvent;

/**
 * BATCH-PREEMPT-TAIL (ALGORITHMS.md 4.5.6 and 4.3 phase 1a, vLLM and Sarathi-Serve preempt by recompute from the tail;
 * 3.6): a step preempts only when its running requests could lack blocks, and its victims are the last requests of the
 * running order (admission order, a re-admitted request at the tail), listed from the tail inward. "Could lack": the
 * blocks free at the step's start ({@code numBlocks} less the previous step's {@code kvUsedBlocks}, a lower bound of
 * free plus evictable) are fewer than {@code Σ blocksFor(sequence) - ceil(computed / blockSize)} over the running
 * requests, all the reference formers could ask for them. Applies to the formers {@code sarathi},
 * {@code prefill-first} and {@code orca}.
 */
final class BatchPreemptTail extends AbstractChecker {
    private static final Set<String> FORMERS = Set.of("sarathi", "prefill-first", "orca");
    private long kvUsedBefore;

    BatchPreemptTail() {
        super("BATCH-PREEMPT-TAIL", "preemption only when the running requests could lack blocks, victims from the "
                + "tail of the running order (batching sarathi, prefill-first, orca)", new Replay(true, false));
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
        long used = kvUsedBefore;
        kvUsedBefore = s.kvUsedBlocks();
        if (!applies() || s.preempted().isEmpty()) return;
        List<Replay.RunningFact> run = f.runningAtStart;
        List<Long> victims = s.preempted();
        for (int i = 0; i < victims.size(); i++) {
            int at = run.size() - 1 - i;
            long expected = at < 0 ? -1 : run.get(at).id();
            if (victims.get(i) != expected) {
                report(s.index(), victims.get(i), "preemption victim " + (i + 1) + " is request " + victims.get(i)
                        + (at < 0 ? "" : " but the running order's tail" + (i == 0 ? "" : " after the earlier victims")
                        + " is request " + expected) + " (" + run.size() + " running)");
                break;
            }
        }
        int bs = config.blockSize();
        long need = 0;
        for (Replay.RunningFact r : run) {
            need += Replay.ceilDiv(r.computed() + r.pending(), bs) - Replay.ceilDiv(r.computed(), bs);
        }
        long free = config.numBlocks() - used;
        if (free >= need) {
            report(s.index(), victims.get(0), "preempts " + victims.size() + " request(s) although " + free
                    + " blocks are free and the " + run.size() + " running requests need at most " + need
                    + " more for their sequences");
        }
    }
}
