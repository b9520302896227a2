package org.schedproof.invariants;

import org.schedproof.spec.trace.TraceEvent;

/**
 * SAFE-KV: KV blocks in use never exceed {@code numBlocks}. Checked three ways after every step: the engine's
 * {@code kvUsedBlocks <= numBlocks}; each request's own {@code ceil(computed / blockSize) <= numBlocks}; and an
 * independent lower bound on the blocks the running requests hold (a fully computed block counted once per distinct
 * content, blocks of equal prompt prefixes shared, a partial block once per request) that must be {@code <=}
 * both {@code numBlocks} and the engine's {@code kvUsedBlocks}. A rejected step's batch is judged as asked against
 * {@code numBlocks} (its {@code kvUsedBlocks} is the state it left unchanged).
 */
final class SafeKv extends AbstractChecker {
    SafeKv() {
        super("SAFE-KV", "KV blocks in use <= numBlocks: kvUsedBlocks, each request's ceil(computed/blockSize) and "
                + "the recomputed lower bound of the running requests' blocks", new Replay(false, true));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        int numBlocks = config.numBlocks();
        int bs = config.blockSize();
        if (!s.rejected() && s.kvUsedBlocks() > numBlocks) {
            report(s.index(), "kvUsedBlocks " + s.kvUsedBlocks() + " > numBlocks " + numBlocks);
        }
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            if (sf.sequenceLength() < 0) continue;
            int end = (int) Math.min(sf.slice().end(), sf.sequenceLength());
            int blocks = Replay.ceilDiv(end, bs);
            if (blocks > numBlocks) {
                report(s.index(), sf.slice().requestId(), "request " + sf.slice().requestId() + " computed " + end
                        + " positions = " + blocks + " blocks of " + bs + " > numBlocks " + numBlocks);
            }
        }
        long bound = f.kvBoundAfter;
        if (f.kvPeak > numBlocks) {
            report(s.index(), "the slices need at least " + f.kvPeak + " blocks at once > numBlocks " + numBlocks);
        } else if (!s.rejected() && bound > s.kvUsedBlocks()) {
            report(s.index(), "kvUsedBlocks " + s.kvUsedBlocks() + " < " + bound + " blocks the "
                    + f.runningAfter + " running requests hold at least");
        }
    }
}
