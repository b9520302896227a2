package org.schedproof.conformance.mutants;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;

/**
 * The workloads the gallery runs every mutant on, smallest first: seeded generator workloads (shared system prompts,
 * multi-turn conversations, bursts), then the first requests of the shared traces when they are present. The engine is
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

    private static final String[] SHARED = {
        "vtc:vtc_real_trace_lmsys_arena_derived.csv",
        "azure:AzureLLMInferenceTrace_conv.csv",
        "lengths:sarathi_sharegpt_8k_filtered_stats_llama2_tokenizer.csv?qps=4&seed=1",
        "mooncake:mooncake_conversation_trace.jsonl",
    };

    /** Requests taken from each shared trace. */
    static final int SHARED_REQUESTS = 100;

    static List<Workload> all() {
        List<Workload> out = new ArrayList<>();
        for (String a : GENERATED) out.add(Workloads.load(a));
        Path traces = sharedTraces();
        if (traces != null) {
            for (String a : SHARED) {
                int colon = a.indexOf(':');
                out.add(Workloads.load(a.substring(0, colon + 1) + traces.resolve(a.substring(colon + 1)),
                        SHARED_REQUESTS));
            }
        }
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

    /** shared/traces beside the checkout (as CI has it), or -Dschedproof.traces; null when absent. */
    private static Path sharedTraces() {
        String property = System.getProperty("schedproof.traces");
        if (property != null) return Path.of(property);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared/traces"))) return p.resolve("shared/traces");
        }
        return null;
    }
}
