package org.schedproof.engine.cluster;

import java.util.List;
import org.schedproof.spec.Request;

/**
 * Least loaded: the worker with the fewest {@linkplain WorkerView#outstandingTokens outstanding tokens}, ties to
 * the lowest index (Vidur's {@code lor} global scheduler counts outstanding requests; tokens weigh long requests as
 * the work they are).
 */
public final class LeastLoaded implements Router {
    @Override
    public String name() {
        return "least-loaded";
    }

    //@ ensures (\forall int i; 0 <= i && i < workers.size(); workers.get(\result).outstandingTokens() <= workers.get(i).outstandingTokens());
    //@ ensures (\forall int i; 0 <= i && i < \result; workers.get(\result).outstandingTokens() < workers.get(i).outstandingTokens());
    @Override
    public int route(Request request, List<? extends WorkerView> workers) {
        return leastLoaded(workers);
    }

    /** The lowest-index worker of least outstanding tokens. */
    static int leastLoaded(List<? extends WorkerView> workers) {
        int best = 0;
        long bestLoad = workers.get(0).outstandingTokens();
        for (int i = 1; i < workers.size(); i++) {
            long load = workers.get(i).outstandingTokens();
            if (load < bestLoad) {
                best = i;
                bestLoad = load;
            }
        }
        return best;
    }
}
