package org.schedproof.engine;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.schedproof.engine.alise.Alise;
import org.schedproof.engine.batching.Orca;
import org.schedproof.engine.batching.PrefillFirst;
import org.schedproof.engine.batching.StallFree;
import org.schedproof.engine.ltr.Ltr;
import org.schedproof.engine.policy.Dlpm;
import org.schedproof.engine.policy.Fcfs;
import org.schedproof.engine.policy.Lpm;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.engine.policy.Vtc;
import org.schedproof.spec.sched.Scheduler;

/**
 * The registry: a new ordering policy, standalone scheduler or batch former is one class plus one line here. An
 * ordering runs under any batch former; a standalone scheduler forms its own batches and ignores the former.
 */
public final class Schedulers {
    private Schedulers() {}

    /** Policies by their {@code --policy} name. */
    public enum Policy {
        FCFS("fcfs", ordering(o -> new Fcfs())),
        VTC("vtc", ordering(Vtc::vtc)),
        LCF("lcf", ordering(Vtc::lcf)),
        LPM("lpm", ordering(Lpm::new)),
        DLPM("dlpm", ordering(Dlpm::new)),
        LTR("ltr", Schedulers.standalone(Ltr::new)),
        ALISE("alise", Schedulers.standalone(Alise::new));

        public final String id;
        private final Factory factory;

        Policy(String id, Factory factory) {
            this.id = id;
            this.factory = factory;
        }

        public static Policy of(String id) {
            return Arrays.stream(values()).filter(x -> x.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown policy '" + id + "'; known: "
                            + Arrays.stream(values()).map(x -> x.id).toList()));
        }

        /** Whether this policy forms its own batches, so {@code --batching} does not apply. */
        public boolean standalone() {
            return factory.standalone();
        }
    }

    /** Batch-formation policies by their {@code --batching} name. */
    public enum Batching {
        SARATHI("sarathi", true, StallFree::new),
        PREFILL_FIRST("prefill-first", false, PrefillFirst::new),
        ORCA("orca", false, Orca::new);

        public final String id;
        /** Whether prompts are chunked to the budget; a former that admits whole prompts needs a budget >= any. */
        public final boolean chunked;
        private final Function<Ordering, Scheduler> factory;

        Batching(String id, boolean chunked, Function<Ordering, Scheduler> factory) {
            this.id = id;
            this.chunked = chunked;
            this.factory = factory;
        }

        /** The default token budget: Sarathi's 512 when chunked, else the longest sequence and at least 4096. */
        public int defaultBudget(int longestSequence) {
            return chunked ? 512 : Math.max(4096, longestSequence);
        }

        public static Batching of(String id) {
            return Arrays.stream(values()).filter(x -> x.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown batching '" + id + "'; known: "
                            + Arrays.stream(values()).map(x -> x.id).toList()));
        }

        public Scheduler over(Ordering ordering) {
            return factory.apply(ordering);
        }
    }

    /** How a policy is built from its options and the batch former chosen. */
    interface Factory {
        Scheduler create(PolicyOptions options, Batching batching);

        default boolean standalone() {
            return false;
        }
    }

    static Factory ordering(Function<PolicyOptions, Ordering> f) {
        return (o, b) -> b.over(f.apply(o));
    }

    static Factory standalone(Function<PolicyOptions, Scheduler> f) {
        return new Factory() {
            @Override
            public Scheduler create(PolicyOptions o, Batching b) {
                return f.apply(o);
            }

            @Override
            public boolean standalone() {
                return true;
            }
        };
    }

    public static Scheduler create(String policy, String batching) {
        return create(policy, batching, Map.of());
    }

    /** Builds a policy with its options; an unknown name or option is an {@link IllegalArgumentException}. */
    public static Scheduler create(String policy, String batching, Map<String, String> options) {
        Policy p = Policy.of(policy);
        Batching b = Batching.of(batching);
        PolicyOptions o = new PolicyOptions(policy, options);
        Scheduler s = p.factory.create(o, b);
        o.requireAllKnown();
        return s;
    }
}
