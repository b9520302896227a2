package org.schedproof.engine.cluster;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.schedproof.engine.PolicyOptions;

/** The registry of routers: a new router is one class plus one line here. */
public final class Routers {
    private Routers() {}

    /** Routers by their {@code --router} name. */
    public enum Kind {
        ROUND_ROBIN("round-robin", o -> new RoundRobin()),
        LEAST_LOADED("least-loaded", o -> new LeastLoaded()),
        CACHE_AWARE("cache-aware", CacheAware::new);

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
}
