package org.schedproof.invariants;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.schedproof.spec.trace.TraceEvent;

/**
 * BATCH-CHUNK (Sarathi-Serve chunked prefill, ALGORITHMS.md 4.5.3-4): every prefill chunk has at least one token
 * (guaranteed by the format: a slice's length is {@code >= 1}), and ongoing prefills are served before new
 * admissions: a step admits a request (gives tokens to one that was waiting) only if every ongoing prefill (running
 * at the step's start, not in decode, not preempted) got all of its pending tokens. Since a partial chunk means the
 * budget ran out at it (or memory did), a new request that still got tokens shows the ongoing prefill was shorted.
 * Applies when the header's parameters say {@code batching=sarathi}.
 */
final class BatchChunk extends AbstractChecker {
    BatchChunk() {
        super("BATCH-CHUNK", "new requests get tokens only after every ongoing prefill got all its pending tokens "
                + "(batching=sarathi)", new Replay(true, false));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    public boolean applicable() {
        return "sarathi".equals(batching());
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        if (!applies()) return;
        Replay.SliceFact newcomer = null;
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            if (newcomer == null && sf.admitted() && !sf.preempted()) newcomer = sf;
        }
        if (newcomer == null) return;
        Long2IntOpenHashMap got = new Long2IntOpenHashMap(f.slices.size());
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            got.addTo(sf.slice().requestId(), sf.slice().length());
        }
        LongOpenHashSet preempted = new LongOpenHashSet(s.preempted());
        for (Replay.RunningFact r : f.runningAtStart) {
            if (r.decode() || preempted.contains(r.id())) continue;
            int g = got.get(r.id());
            if (g < r.pending()) {
                report(s.index(), r.id(), "ongoing prefill of request " + r.id() + " got " + g + " of its "
                        + r.pending() + " pending tokens while new request " + newcomer.slice().requestId()
                        + " got " + newcomer.slice().length());
            }
        }
    }
}
