package org.schedproof.conformance.mutants;

import java.util.List;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/** The engine's view with a wrong configuration in it: what a port that misreads a limit decides on. */
record WrongConfigView(EngineView view, EngineConfig config) implements EngineView {
    @Override
    public long nowUs() {
        return view.nowUs();
    }

    @Override
    public long stepIndex() {
        return view.stepIndex();
    }

    @Override
    public List<? extends RequestView> waiting() {
        return view.waiting();
    }

    @Override
    public List<? extends RequestView> running() {
        return view.running();
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
