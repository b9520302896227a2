package org.schedproof.conformance.suite;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.schedproof.spec.ModelSpec;

/**
 * The registry of suites: a new suite is one method plus one line here. {@code full} is the one a certificate should
 * cite; {@code quick} is its fast subset for a pre-commit check (spec/LEVELS.md says what each leaves out).
 */
public enum Suites {
    QUICK("quick", Suites::quick),
    FULL("full", Suites::full);

    public final String id;
    private final Supplier<Suite> suite;

    Suites(String id, Supplier<Suite> suite) {
        this.id = id;
        this.suite = suite;
    }

    public Suite suite() {
        return suite.get();
    }

    public static Suite named(String name) {
        return Arrays.stream(values()).filter(s -> s.id.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown suite '" + name + "'; known: "
                        + Arrays.stream(values()).map(s -> s.id).toList()))
                .suite();
    }

    static final ModelSpec TINY = new ModelSpec("tiny", 1);

    /** Tight engine (3 longest sequences of KV, budget 128, 8 running): chunking, the cap, hits, preemption. */
    private static final EngineRecipe TIGHT = EngineRecipe.tight();

    static Suite quick() {
        return new Suite("quick", 1, "five small workloads (20 to 60 requests) on a tight engine: every invariant "
                + "family applies and sees its situation at least once; it leaves out the real traces other than "
                + "ShareGPT, long runs, many clients, idle clients returning and quantized host memory (see full)",
                List.of(
                        new SuiteWorkload("system-prompt",
                                "gen:system-prompt?requests=40&clients=4&system=48&input=8..96&output=8..48&qps=200&seed=1",
                                40, TIGHT, "shared system prompts: prefix hits, LPM's order and in-batch de-duplication, eviction"),
                        new SuiteWorkload("multiturn-model",
                                "gen:multiturn?requests=20&clients=4&qps=50&think=0.05&input=16..96&output=4..32&seed=2",
                                20, TIGHT.withModel(TINY), "growing conversations with the exact model on: SAFE-TOKENS through chunking, hits and preemption"),
                        new SuiteWorkload("bursty-skewed",
                                "gen:bursty?requests=60&clients=4&skew=1.2&qps=100&input=16..256&output=4..64&seed=3",
                                60, TIGHT.withMaxRunning(4), "bursts from four clients of Zipf-skewed load at a running cap of 4: the fairness counters and deficits under contention"),
                        new SuiteWorkload("host-tier",
                                "gen:poisson?requests=40&clients=2&qps=100&input=64..256&output=16..128&seed=4",
                                40, TIGHT.withHost(3), "KV pressure with host memory: ALISE offloads and prefetches; preemption for the others"),
                        new SuiteWorkload("sharegpt", "builtin:sharegpt?qps=4&seed=1", 30, TIGHT,
                                "the first requests of the ShareGPT lengths at 4 req/s: real length correlations")));
    }

    static Suite full() {
        return new Suite("full", 1, "the suite a certificate should cite: quick's situations at larger sizes, slices "
                + "of five real traces, many clients and idle clients returning, the model on under preemption",
                List.of(
                        new SuiteWorkload("system-prompt",
                                "gen:system-prompt?requests=120&clients=6&system=64&input=8..200&output=1..40&qps=500&seed=12",
                                120, TIGHT, "shared system prompts under a flood: prefix hits, eviction, LPM order"),
                        new SuiteWorkload("multiturn-model",
                                "gen:multiturn?requests=40&clients=4&qps=50&think=0.05&input=16..128&output=8..64&seed=2",
                                40, TIGHT.withModel(TINY), "growing conversations, exact model on: SAFE-TOKENS through chunking, hits and preemption"),
                        new SuiteWorkload("bursty-skewed",
                                "gen:bursty?requests=120&clients=5&skew=1.2&qps=400&input=16..300&output=1..80&seed=11",
                                120, TIGHT.withMaxRunning(4), "bursts from five Zipf-skewed clients at a running cap of 4: fairness under contention"),
                        new SuiteWorkload("onoff-clients",
                                "gen:onoff?requests=150&clients=6&qps=60&on=1&off=2&input=16..200&output=4..64&seed=5",
                                150, TIGHT, "clients going idle and coming back: VTC's lift, DLPM's refill and on-return rules"),
                        new SuiteWorkload("host-tier",
                                "gen:poisson?requests=80&clients=3&qps=100&input=64..256&output=16..128&seed=4",
                                80, TIGHT.withHost(3), "KV pressure with host memory: ALISE offloads and prefetches"),
                        new SuiteWorkload("preempt-heavy",
                                "gen:poisson?requests=40&clients=2&qps=200&input=8..64&output=32..128&seed=6",
                                40, TIGHT.withPool(2).withModel(TINY), "long outputs in a pool of two sequences: preemption from the tail again and again, tokens re-derived after recompute"),
                        new SuiteWorkload("sharegpt", "builtin:sharegpt?qps=4&seed=1", 100, TIGHT, "ShareGPT lengths: real length correlations"),
                        new SuiteWorkload("vtc-arena", "builtin:vtc", 100, TIGHT, "the VTC artifact's arena trace: 27 clients of very unequal load"),
                        new SuiteWorkload("azure-conv", "builtin:azure-conv", 100, TIGHT, "Azure LLM inference 2023, conversation: real arrivals and lengths"),
                        new SuiteWorkload("mooncake", "builtin:mooncake-conversation", 40, TIGHT, "Mooncake conversation: long prompts with real shared prefixes"),
                        new SuiteWorkload("multiturn-long",
                                "gen:multiturn?requests=150&clients=8&qps=20&think=0.5&input=16..256&output=8..64&system=32&seed=7",
                                150, TIGHT.withMaxRunning(16), "many conversations with system prompts and a larger running cap")));
    }
}
