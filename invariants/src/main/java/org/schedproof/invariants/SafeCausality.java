package org.schedproof.invariants;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.trace.TraceEvent;

/**
 * SAFE-CAUSALITY: a slice only for a request that has arrived and not finished, and not while its KV is in host
 * memory or moving there or back in the same step, at most one per request and step;
 * it starts at the request's computed position (on admission: the step's hit for it, 0 without one) and never runs
 * past its sequence (prompt + emitted); a token is emitted exactly when a slice reaches the end of the sequence
 * (the step's {@code emitted} ids equal those slices', in batch order). Hits: only for a request the step admits,
 * only with prefix caching on, whole blocks, fewer tokens than the sequence. A rejected step's slices are judged as
 * asked (an admission there may start at any plausible cached prefix, its hits not being recorded).
 */
final class SafeCausality extends AbstractChecker {
    SafeCausality() {
        super("SAFE-CAUSALITY", "slices only for arrived, unfinished requests, from the computed position (hit on "
                + "admission) to at most the sequence end; a token is emitted iff a slice reaches the end",
                new Replay(false, false));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        long step = s.index();
        int bs = config.blockSize();
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            long id = sf.slice().requestId();
            switch (sf.before()) {
                case UNKNOWN -> {
                    report(step, id, "slice [" + sf.slice().start() + ", " + sf.slice().end() + ") for request " + id
                            + " before its arrival line");
                    continue;
                }
                case FINISHED -> {
                    report(step, id, "slice [" + sf.slice().start() + ", " + sf.slice().end() + ") for request " + id
                            + " which already finished");
                    continue;
                }
                case OFFLOADED -> {
                    report(step, id, "slice [" + sf.slice().start() + ", " + sf.slice().end() + ") for request " + id
                            + " whose KV is in host memory or moves in this step (it runs only after its prefetch)");
                    continue;
                }
                default -> { }
            }
            if (sf.duplicate()) report(step, id, "second slice for request " + id + " in one step");
            if (sf.slice().start() != sf.expectedStart()) {
                report(step, id, "slice of request " + id + " starts at " + sf.slice().start() + " but "
                        + (sf.admitted() ? "it is admitted with " + sf.hit() + " cached positions"
                        : "it has " + sf.expectedStart() + " positions computed"));
            }
            if (sf.slice().end() > sf.sequenceLength()) {
                report(step, id, "slice of request " + id + " runs to " + sf.slice().end() + " past its sequence of "
                        + sf.sequenceLength() + " positions");
            }
            if (sf.admitted() && sf.hit() > 0 && !s.rejected()) {
                if (!config.prefixCaching()) {
                    report(step, id, "hit of " + sf.hit() + " tokens for request " + id + " with prefix caching off");
                } else if (sf.hit() % bs != 0 || sf.hit() >= sf.sequenceLength()) {
                    report(step, id, "hit of " + sf.hit() + " tokens for request " + id + " is not whole blocks of "
                            + bs + " fewer than its sequence of " + sf.sequenceLength());
                }
            }
        }
        if (s.rejected()) return; // nothing was emitted or hit: only the batch asked for is judged
        for (TraceEvent.Hit h : f.unusedHits) {
            report(step, h.requestId(), "hit of " + h.tokens() + " tokens for request " + h.requestId()
                    + " which this step does not admit");
        }
        for (TraceEvent.Hit h : f.duplicateHits) {
            report(step, h.requestId(), "second hit for request " + h.requestId() + " (" + h.tokens() + " tokens)");
        }
        if (sameIds(s.emitted(), f.emits)) return;
        List<Long> emitted = new ArrayList<>(s.emitted().size());
        for (TraceEvent.Emit e : s.emitted()) emitted.add(e.requestId());
        Map<Long, Integer> balance = new HashMap<>();
        for (long id : f.emits.toLongArray()) balance.merge(id, 1, Integer::sum);
        for (long id : emitted) balance.merge(id, -1, Integer::sum);
        boolean reported = false;
        for (long id : f.emits.toLongArray()) {
            Integer b = balance.get(id);
            if (b != null && b > 0) {
                report(step, id, "a slice of request " + id + " reaches the end of its sequence but no token is "
                        + "emitted for it");
                balance.remove(id);
                reported = true;
            }
        }
        for (long id : emitted) {
            Integer b = balance.get(id);
            if (b != null && b < 0) {
                report(step, id, "token emitted for request " + id + " but no slice of it reaches the end of its "
                        + "sequence");
                balance.remove(id);
                reported = true;
            }
        }
        if (!reported) {
            report(step, emitted.isEmpty() ? -1 : emitted.get(0), "emitted " + emitted
                    + " is not in the batch order of the slices that reach their sequence end " + f.emits);
        }
    }

    /** Whether the emits name exactly {@code ids}, in order. */
    private static boolean sameIds(List<TraceEvent.Emit> emits, LongArrayList ids) {
        if (emits.size() != ids.size()) return false;
        for (int i = 0; i < emits.size(); i++) {
            if (emits.get(i).requestId() != ids.getLong(i)) return false;
        }
        return true;
    }
}
