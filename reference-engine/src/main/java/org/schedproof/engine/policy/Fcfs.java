package org.schedproof.engine.policy;

import org.schedproof.spec.sched.EngineView;

/** First come, first served: arrival time, then request id (the engine's own waiting order, so nothing is sorted). */
public final class Fcfs implements Ordering {
    @Override
    public String name() {
        return "fcfs";
    }

    @Override
    public Pass pass(EngineView view) {
        return Ordering.inOrder(view.waiting());
    }
}
