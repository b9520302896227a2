package org.schedproof.engine.policy;

import java.util.Comparator;
import org.schedproof.spec.sched.RequestView;

/** First come, first served: arrival time, then request id. */
public final class Fcfs implements Ordering {
    @Override
    public String name() {
        return "fcfs";
    }

    @Override
    public Comparator<RequestView> comparator() {
        return BY_ARRIVAL;
    }

    @Override
    public boolean isArrivalOrder() {
        return true;
    }
}
