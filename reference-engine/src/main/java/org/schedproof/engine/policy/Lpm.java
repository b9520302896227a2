package org.schedproof.engine.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/**
 * Longest prefix match (SGLang {@code schedule_policy.py} {@code calc_priority}, policy {@code lpm}, at 8af7048;
 * ALGORITHMS.md 3.3): waiting requests by descending cached prefix ({@link EngineView#cachedPrefixTokens}), then by
 * arrival (time, then id); requests the in-batch de-duplication deprioritizes ({@link InBatchPrefixes}) come after all
 * others, in LPM order among themselves. Unlike SGLang it never falls back to FCFS on long queues.
 *
 * <p>Options: {@code inbatch-check} (default 32) and {@code inbatch-min} (default 32), SGLang's
 * {@code IN_BATCH_PREFIX_CACHING_CHECK_THRESHOLD} and {@code ..._DEPRIORITIZE_THRESHOLD} in tokens; -1 for either
 * turns de-duplication off.
 */
public final class Lpm implements Ordering {
    private final InBatchPrefixes inBatch;
    private final Map<String, String> parameters;

    public Lpm(PolicyOptions o) {
        this.inBatch = new InBatchPrefixes(o.intValue("inbatch-check", 32, InBatchPrefixes.OFF, 1 << 20),
                o.intValue("inbatch-min", 32, InBatchPrefixes.OFF, 1 << 20));
        this.parameters = Map.copyOf(o.resolved());
    }

    @Override
    public String name() {
        return "lpm";
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    //@ ensures \result != null;
    @Override
    public Pass pass(EngineView view) {
        return Ordering.inOrder(order(view));
    }

    /** The round's LPM order of {@code view.waiting()}. */
    //@ ensures \result.size() == view.waiting().size();
    List<RequestView> order(EngineView view) {
        List<? extends RequestView> waiting = view.waiting();
        int n = waiting.size();
        int[] cached = new int[n];
        for (int i = 0; i < n; i++) cached[i] = view.cachedPrefixTokens(waiting.get(i).id());
        boolean[] late = inBatch.deprioritized(waiting, cached, view.config().blockSize());
        // One sortable key per request: deprioritized bit, then Integer.MAX_VALUE - cached, then arrival rank
        // (waiting() is in arrival order, so the rank is the spec's (time, id) tie-break).
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (late[i] ? 1L << 62 : 0) | (long) (Integer.MAX_VALUE - cached[i]) << 31 | i;
        }
        Arrays.sort(keys);
        List<RequestView> out = new ArrayList<>(n);
        for (long k : keys) out.add(waiting.get((int) (k & Integer.MAX_VALUE)));
        return out;
    }
}
