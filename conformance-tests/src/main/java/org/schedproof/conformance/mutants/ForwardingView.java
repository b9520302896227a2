package org.schedproof.conformance.mutants;

import java.util.List;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/** An engine view that forwards everything to {@link #view()}: a mutant's view overrides only what it falsifies. */
interface ForwardingView extends EngineView {
    EngineView view();

    @Override
    default long nowUs() {
        return view().nowUs();
    }

    @Override
    default long stepIndex() {
        return view().stepIndex();
    }

    @Override
    default EngineConfig config() {
        return view().config();
    }

    @Override
    default List<? extends RequestView> waiting() {
        return view().waiting();
    }

    @Override
    default List<? extends RequestView> running() {
        return view().running();
    }

    @Override
    default List<? extends RequestView> offloaded() {
        return view().offloaded();
    }

    @Override
    default int hostFreeBlocks() {
        return view().hostFreeBlocks();
    }

    @Override
    default int freeBlocks() {
        return view().freeBlocks();
    }

    @Override
    default int evictableBlocks() {
        return view().evictableBlocks();
    }

    @Override
    default int cachedPrefixTokens(long requestId) {
        return view().cachedPrefixTokens(requestId);
    }

    @Override
    default int cachedPrefixEvictableBlocks(long requestId) {
        return view().cachedPrefixEvictableBlocks(requestId);
    }

    @Override
    default int releasableBlocks(long requestId) {
        return view().releasableBlocks(requestId);
    }
}
