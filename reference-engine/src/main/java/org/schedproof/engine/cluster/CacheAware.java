package org.schedproof.engine.cluster;

import java.util.List;
import java.util.Map;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.spec.Request;

/**
 * Cache-aware: among the workers whose load is within {@code threshold} tokens of the least loaded one, the one whose
 * prefix cache holds the longest prefix of the request; ties to the lower load, then the lowest index. Load is
 * {@linkplain WorkerView#outstandingTokens outstanding tokens}. The shape of SGLang's cache-aware router (longest
 * match unless the load is out of balance), with the balance test made one absolute threshold.
 */
public final class CacheAware implements Router {
    /** Default threshold: a few typical requests' worth of work. */
    public static final long DEFAULT_THRESHOLD = 4096;

    private final long threshold;

    public CacheAware(PolicyOptions options) {
        this.threshold = options.longValue("threshold", DEFAULT_THRESHOLD, 0, Long.MAX_VALUE);
    }

    @Override
    public String name() {
        return "cache-aware";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("threshold", Long.toString(threshold));
    }

    //@ ensures workers.get(\result).outstandingTokens() <= (\min int i; 0 <= i && i < workers.size(); workers.get(i).outstandingTokens()) + threshold;
    @Override
    public int route(Request request, List<? extends WorkerView> workers) {
        int n = workers.size();
        long[] load = new long[n];
        long min = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            load[i] = workers.get(i).outstandingTokens();
            min = Math.min(min, load[i]);
        }
        int best = -1;
        int bestHit = -1;
        for (int i = 0; i < n; i++) {
            if (load[i] - min > threshold) continue;
            int hit = workers.get(i).cachedPrefixTokens(request);
            if (hit > bestHit || (hit == bestHit && load[i] < load[best])) {
                best = i;
                bestHit = hit;
            }
        }
        return best;
    }
}
