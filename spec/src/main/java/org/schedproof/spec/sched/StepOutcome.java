package org.schedproof.spec.sched;

import java.util.List;
import org.schedproof.spec.Slice;

/**
 * The result of one iteration as a scheduler learns it: the slices that ran (empty when the batch was rejected),
 * the requests preempted, those that emitted a token and those that finished, all in batch order.
 */
public record StepOutcome(long step, long startUs, long durationUs, List<Slice> ran, List<Long> preempted,
                          List<Long> emitted, List<Long> finished, boolean rejected) {
    public StepOutcome {
        ran = List.copyOf(ran);
        preempted = List.copyOf(preempted);
        emitted = List.copyOf(emitted);
        finished = List.copyOf(finished);
    }
}
