package org.schedproof.invariants;

import java.util.HashMap;
import java.util.Map;
import org.schedproof.spec.trace.TraceEvent;

/**
 * SAFE-OFFLOAD: in every step, an offloaded request was running and a prefetched one was offloaded (each moved once per
 * step); and the host memory holds what is offloaded: the offloaded requests, each taking
 * {@code ceil(ceil(computed / blockSize) * kvBits / 16)} host blocks, never need more than the header's
 * {@code engine.host.blocks} (0 without host memory). A rejected step's moves are judged as asked against the host
 * before it, then forgotten. That an offloaded request has no slice until a step after its prefetch, and then resumes
 * where it left off, is SAFE-CAUSALITY's (its replay keeps what it computed).
 */
final class SafeOffload extends AbstractChecker {
    /** Host blocks of each offloaded request. */
    private final Map<Long, Integer> onHost = new HashMap<>();
    private long hostUsed;

    SafeOffload() {
        super("SAFE-OFFLOAD", "offloads only of running requests and prefetches only of offloaded ones, once per step; "
                + "the offloaded KV (at the host's kvBits) fits engine.host.blocks", new Replay(false, false));
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        if (f.offloads.isEmpty() && f.prefetches.isEmpty()) return; // most steps move nothing: nothing changes
        long step = s.index();
        // a rejected step's moves are judged as asked against the host before it, then forgotten
        Map<Long, Integer> moved = new HashMap<>();
        long asked = hostUsed;
        for (Replay.MoveFact m : f.offloads) {
            if (m.twice()) {
                report(step, m.requestId(), "request " + m.requestId() + " is offloaded or prefetched twice in one step");
            } else if (m.before() != Replay.Status.RUNNING) {
                report(step, m.requestId(), "request " + m.requestId() + " is offloaded but is "
                        + m.before().name().toLowerCase() + ", not running");
            } else {
                long gpuBlocks = (replay.get(m.requestId()).computed + config.blockSize() - 1) / config.blockSize();
                int blocks = (int) ((gpuBlocks * config.host().kvBits() + 15) / 16);
                moved.put(m.requestId(), blocks);
                asked += blocks;
            }
        }
        // As the engine: a prefetch frees its host blocks only after the step, so offloads cannot use them.
        if (!f.offloads.isEmpty() && asked > config.host().blocks()) {
            report(step, "offloaded requests take " + asked + " host blocks > engine.host.blocks "
                    + config.host().blocks() + " (" + (onHost.size() + moved.size()) + " requests at "
                    + config.host().kvBits() + " bits)");
        }
        for (Replay.MoveFact m : f.prefetches) {
            if (m.twice()) {
                report(step, m.requestId(), "request " + m.requestId() + " is offloaded or prefetched twice in one step");
            } else if (m.before() != Replay.Status.OFFLOADED) {
                report(step, m.requestId(), "request " + m.requestId() + " is prefetched but is "
                        + m.before().name().toLowerCase() + ", not offloaded");
            } else if (!s.rejected()) {
                Integer blocks = onHost.remove(m.requestId());
                if (blocks != null) asked -= blocks;
            }
        }
        if (s.rejected()) return;
        onHost.putAll(moved);
        hostUsed = asked;
    }
}
