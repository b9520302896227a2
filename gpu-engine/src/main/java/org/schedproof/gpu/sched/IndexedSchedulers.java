package org.schedproof.gpu.sched;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.spec.sched.Scheduler;

/**
 * The registry of indexed policies: the reference's policies (reference-engine {@code Schedulers}) with their
 * per-step ranking kept in indexes (heaps, sorted sets, radix trees) instead of recomputed, deciding exactly as the
 * reference does, so that FastEngine with an indexed policy writes the reference engine's trace byte for byte. A new
 * indexed policy is one class in this package plus one line here; a policy with no line is the reference's own.
 */
public final class IndexedSchedulers {
    private IndexedSchedulers() {}

    /** The policies that have an indexed variant, by their {@code --policy} name; one line each, comma-ended. */
    enum Indexed {
        VTC("vtc", ordering(FastVtc::vtc)),
        LCF("lcf", ordering(FastVtc::lcf)),
        LPM("lpm", ordering(IndexedLpm::new)),
        DLPM("dlpm", ordering(IndexedDlpm::new)),
        LTR("ltr", standalone(IndexedLtr::ltr)),
        ALISE("alise", standalone(IndexedAlise::alise)),
        ;

        final String id;
        final Factory factory;

        Indexed(String id, Factory factory) {
            this.id = id;
            this.factory = factory;
        }
    }

    /** How an indexed policy is built from its options and the batch former chosen. */
    interface Factory {
        Scheduler create(PolicyOptions options, Schedulers.Batching batching);
    }

    /** An indexed ordering, run under the reference's batch former (so formers are shared, not copied). */
    static Factory ordering(Function<PolicyOptions, Ordering> f) {
        return (o, b) -> b.over(f.apply(o));
    }

    /** An indexed standalone scheduler: it forms its own batches and ignores the former. */
    static Factory standalone(Function<PolicyOptions, Scheduler> f) {
        return (o, b) -> f.apply(o);
    }

    /** Whether {@code policy} has an indexed variant here (else {@link #create} gives the reference's). */
    public static boolean isIndexed(String policy) {
        return Arrays.stream(Indexed.values()).anyMatch(x -> x.id.equals(policy));
    }

    public static Scheduler create(String policy, String batching) {
        return create(policy, batching, Map.of());
    }

    /**
     * The indexed variant of {@code policy} under {@code batching} with {@code options}, or the reference's own
     * scheduler when there is none; names and options are checked exactly as {@code Schedulers.create} checks them.
     */
    //@ requires policy != null && batching != null && options != null;
    //@ ensures \result != null;
    public static Scheduler create(String policy, String batching, Map<String, String> options) {
        Schedulers.Policy.of(policy); // the reference's error for an unknown name
        Schedulers.Batching b = Schedulers.Batching.of(batching);
        Indexed x = Arrays.stream(Indexed.values()).filter(i -> i.id.equals(policy)).findFirst().orElse(null);
        if (x == null) return Schedulers.create(policy, batching, options);
        PolicyOptions o = new PolicyOptions(policy, options);
        Scheduler s = x.factory.create(o, b);
        o.requireAllKnown();
        return s;
    }
}
