package org.schedproof.engine.cluster;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.Schedulers;
import org.schedproof.spec.sched.Scheduler;

/** The registry of routers: a new router is one class plus one line here. */
public final class Routers {
    private Routers() {}

    /** Routers by their {@code --router} name. */
    public enum Kind {
        ROUND_ROBIN("round-robin", o -> new RoundRobin()),
        LEAST_LOADED("least-loaded", o -> new LeastLoaded()),
        CACHE_AWARE("cache-aware", CacheAware::new),
        D2LPM("d2lpm", D2lpm::new);

        public final String id;
        private final Function<PolicyOptions, Router> factory;

        Kind(String id, Function<PolicyOptions, Router> factory) {
            this.id = id;
            this.factory = factory;
        }

        public static Kind of(String id) {
            return Arrays.stream(values()).filter(x -> x.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown router '" + id + "'; known: "
                            + Arrays.stream(values()).map(x -> x.id).toList()));
        }
    }

    /** Builds a router with its options; an unknown name or option is an {@link IllegalArgumentException}. */
    public static Router create(String name, Map<String, String> options) {
        Kind k = Kind.of(name);
        PolicyOptions o = new PolicyOptions("router " + name, options);
        Router r = k.factory.apply(o);
        o.requireAllKnown();
        return r;
    }

    /**
     * The workers' schedulers behind {@code router}: a fresh {@code policy} under {@code batching} on each, except
     * that D²LPM runs DLPM on each over its deficits (so {@code policy} must be {@code dlpm}).
     */
    public static IntFunction<Scheduler> schedulers(Router router, String policy, String batching,
                                                    Map<String, String> params) {
        if (router instanceof D2lpm && !policy.equals("dlpm")) {
            throw new IllegalArgumentException("router d2lpm runs dlpm on every worker, not '" + policy + "'");
        }
        Schedulers.create(policy, batching, params); // fails now, naming it, on a bad name or option
        if (router instanceof D2lpm d) return d.schedulers(batching, params);
        return i -> Schedulers.create(policy, batching, params);
    }
}
