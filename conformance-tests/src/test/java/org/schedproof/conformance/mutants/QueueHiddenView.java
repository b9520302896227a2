package org.schedproof.conformance.mutants;

import java.util.List;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/** The engine's view with the waiting queue hidden while any request runs: a port that polls arrivals only when idle. */
record QueueHiddenView(EngineView view) implements EngineView {
    @Override
    public long nowUs() {
        return view.nowUs();
    }

    @Override
    public long stepIndex() {
        return view.stepIndex();
    }

    @Override
    public EngineConfig config() {
        return view.config();
    }

    @Override
    public List<? extends RequestView> waiting() {
        return view.running().isEmpty() && view.offloaded().isEmpty() ? view.waiting() : List.of();
    }

    @Override
    public List<? extends RequestView> running() {
        return view.running();
    }

    @Override
    public List<? extends RequestView> offloaded() {
        return view.offloaded();
    }

    @Override
    public int hostFreeBlocks() {
        return view.hostFreeBlocks();
    }

    @Override
    public int freeBlocks() {
        return view.freeBlocks();
    }

    @Override
    public int evictableBlocks() {
        return view.evictableBlocks();
    }

    @Override
    public int cachedPrefixTokens(long requestId) {
        return view.cachedPrefixTokens(requestId);
    }

    @Override
    public int cachedPrefixEvictableBlocks(long requestId) {
        return view.cachedPrefixEvictableBlocks(requestId);
    }

    @Override
    public int releasableBlocks(long requestId) {
        return view.releasableBlocks(requestId);
    }
}
