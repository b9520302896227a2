package org.schedproof.conformance.mutants;

import java.util.List;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/** The engine's view with the waiting queue hidden while any request runs: a port that polls arrivals only when idle. */
record QueueHiddenView(EngineView view) implements ForwardingView {
    @Override
    public List<? extends RequestView> waiting() {
        return view.running().isEmpty() && view.offloaded().isEmpty() ? view.waiting() : List.of();
    }
}
