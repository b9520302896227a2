package org.schedproof.engine;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;
import org.schedproof.engine.batching.PrefillFirst;
import org.schedproof.engine.batching.StallFree;
import org.schedproof.engine.policy.Fcfs;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.spec.sched.Scheduler;

/** The registry: a new ordering policy or batch former is one class plus one line here. */
public final class Schedulers {
    private Schedulers() {}

    /** Ordering (admission priority) policies. */
    public enum Policy {
        FCFS("fcfs", Fcfs::new);

        public final String id;
        private final Supplier<Ordering> factory;

        Policy(String id, Supplier<Ordering> factory) {
            this.id = id;
            this.factory = factory;
        }
    }

    /** Batch-formation policies. */
    public enum Batching {
        SARATHI("sarathi", StallFree::new),
        PREFILL_FIRST("prefill-first", PrefillFirst::new);

        public final String id;
        private final Function<Ordering, Scheduler> factory;

        Batching(String id, Function<Ordering, Scheduler> factory) {
            this.id = id;
            this.factory = factory;
        }
    }

    public static Scheduler create(String policy, String batching) {
        Policy p = Arrays.stream(Policy.values()).filter(x -> x.id.equals(policy)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown policy '" + policy + "'; known: "
                        + Arrays.stream(Policy.values()).map(x -> x.id).toList()));
        Batching b = Arrays.stream(Batching.values()).filter(x -> x.id.equals(batching)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown batching '" + batching + "'; known: "
                        + Arrays.stream(Batching.values()).map(x -> x.id).toList()));
        return b.factory.apply(p.factory.get());
    }
}
