package org.schedproof.engine.cluster;

import java.util.List;
import org.schedproof.spec.Request;

/** Round robin: the k-th request to arrive (from 0) goes to worker k mod W, whatever the workers' state (Vidur's default global scheduler, {@code round_robin}). */
public final class RoundRobin implements Router {
    private long routed;

    @Override
    public String name() {
        return "round-robin";
    }

    //@ ensures \result == \old(routed) % workers.size();
    @Override
    public int route(Request request, List<? extends WorkerView> workers) {
        return (int) (routed++ % workers.size());
    }
}
