package org.schedproof.conformance.mutants;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;

/**
 * The workloads the gallery runs every mutant on, smallest first: seeded generator workloads (shared system prompts,
 * multi-turn conversations, bursts), then the first requests of four bundled real traces. The engine is
 * kept tight (a pool of three longest sequences, 8 running, budget 128) so that chunking, the running cap, prefix hits
 * and preemption all happen within a few hundred steps.
 */
final class StandardWorkloads {
    private StandardWorkloads() {}

    private static final String[] GENERATED = {
        "gen:system-prompt?requests=40&clients=4&system=48&input=8..96&output=8..48&qps=200&seed=1",
        "gen:multiturn?requests=60&clients=4&qps=50&think=0.05&input=16..128&output=8..64&seed=2",
        "gen:bursty?requests=80&clients=3&qps=100&input=16..256&output=4..64&seed=3",
    };

    private static final String[] REAL = {
        "builtin:vtc",
        "builtin:azure-conv",
        "builtin:sharegpt?qps=4&seed=1",
        "builtin:mooncake-conversation",
    };

    /** Requests taken from each real trace. */
    static final int REAL_REQUESTS = 100;

    static List<Workload> all() {
        List<Workload> out = new ArrayList<>();
        for (String a : GENERATED) out.add(Workloads.load(a));
        for (String a : REAL) out.add(Workloads.load(a, REAL_REQUESTS));
        return out;
    }

    /** The tight engine for a workload; a former that does not chunk needs a budget that covers the longest sequence. */
    static EngineConfig config(Workload w, String batching) {
        int longest = w.longestSequence();
        int blocks = Math.max(24, 3 * ((longest + 15) / 16));
        boolean chunked = batching == null || Schedulers.Batching.of(batching).chunked;
        int budget = chunked ? 128 : Math.max(128, longest);
        return EngineConfig.defaults().withBlocks(blocks, 16).withWatermark(2).withTokenBudget(budget)
                .withMaxRunning(8).withMaxStalled(64);
    }
}
