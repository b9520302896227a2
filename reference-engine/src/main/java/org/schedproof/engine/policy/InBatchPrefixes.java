package org.schedproof.engine.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.sched.RequestView;

/**
 * SGLang's in-batch prefix de-duplication (sglang {@code schedule_policy.py} at 8af7048, "in-batch prefix caching";
 * ALGORITHMS.md 3.3), at the prefix cache's block granularity: walking the waiting queue in arrival order, a request
 * with at most {@code check} cached tokens that shares with an earlier, not deprioritized one a prefix of at least its
 * cached tokens plus {@code min} tokens (in whole blocks: what the cache could supply once that earlier one is
 * prefilled) is deprioritized this round, so it can hit the blocks the earlier one creates. Other checked requests
 * enter the round's table. Prefixes are compared exactly: a block is named by a chain hash of its prefix's runs of
 * one segment (key, offset, length), and equal runs are equal tokens (spec/WORKLOAD.md section 2).
 */
final class InBatchPrefixes {
    /** Disables de-duplication when given for either threshold. */
    static final int OFF = -1;

    private final int check;
    private final int min;

    InBatchPrefixes(int check, int min) {
        this.check = check;
        this.min = min;
    }

    boolean enabled() {
        return check != OFF && min != OFF;
    }

    /** Which of {@code waiting} (arrival order) are deprioritized, given each one's cached prefix tokens. */
    //@ requires cached.length == waiting.size() && blockSize >= 1;
    //@ ensures \result.length == waiting.size();
    boolean[] deprioritized(List<? extends RequestView> waiting, int[] cached, int blockSize) {
        boolean[] late = new boolean[waiting.size()];
        if (!enabled()) return late;
        // Queries ask about block (cached + min) / blockSize - 1 with cached <= check, so the table needs no more.
        int depth = ceilDiv(check + min, blockSize);
        Set<Long> table = new HashSet<>();
        for (int i = 0; i < late.length; i++) {
            if (cached[i] > check) continue;
            Prompt p = waiting.get(i).request().prompt();
            long[] chain = p.blockChain(blockSize, Math.min(depth, p.length() / blockSize));
            int need = ceilDiv(cached[i] + min, blockSize);
            if (need >= 1 && need <= chain.length && table.contains(chain[need - 1])) {
                late[i] = true;
            } else {
                for (long h : chain) table.add(h);
            }
        }
        return late;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
