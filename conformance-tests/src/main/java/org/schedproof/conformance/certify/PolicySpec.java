package org.schedproof.conformance.certify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.schedproof.engine.Schedulers;
import org.schedproof.gpu.sched.IndexedSchedulers;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;

/**
 * A reference policy as {@code certify} names it: the registry name ({@code fcfs}), the batch former
 * ({@code sarathi}; a standalone policy ignores it) and the options given ({@code --param}). The reference builds it,
 * so an unknown name or option is an {@link IllegalArgumentException} before anything runs; its {@link #name()} and
 * {@link #parameters()} (every option, defaults included) are what a port is told and a certificate records.
 */
public record PolicySpec(String policy, String batching, Map<String, String> options) {
    public PolicySpec {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(batching, "batching");
        options = Map.copyOf(options);
        Schedulers.create(policy, batching, options); // fails now, naming the bad name or option
    }

    /** A fresh reference scheduler (schedulers hold the state of one run). */
    public Scheduler reference() {
        return Schedulers.create(policy, batching, options);
    }

    /** A fresh indexed scheduler for FastEngine (the reference's own where gpu-engine has no indexed variant). */
    public Scheduler indexed() {
        return IndexedSchedulers.create(policy, batching, options);
    }

    /** The name a trace header carries, e.g. {@code fcfs/sarathi} or {@code ltr}. */
    public String name() {
        return reference().name();
    }

    /** Every parameter the reference resolves, defaults included, sorted. */
    public Map<String, String> parameters() {
        return new TreeMap<>(reference().parameters());
    }

    /**
     * The reference policy a trace header names, with its parameters: the ordering is the header's policy up to the
     * first '/', the former its {@code batching} parameter (else what follows the '/', else sarathi), the options those
     * of the header's parameters the reference accepts as input. Fails, naming the parameter, when the reference
     * resolves other parameters than the header records (an offline trace must name them as the reference does).
     */
    public static PolicySpec fromHeader(TraceEvent.Header h) {
        return fromNamed(h.policy(), h.parameters());
    }

    /** The reference policy named {@code name} (as a header names it) with every parameter in {@code parameters}. */
    public static PolicySpec fromNamed(String name, Map<String, String> parameters) {
        int slash = name.indexOf('/');
        String ordering = slash < 0 ? name : name.substring(0, slash);
        String batching = parameters.getOrDefault("batching", slash < 0 ? "sarathi" : name.substring(slash + 1));
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : new TreeMap<>(parameters).entrySet()) {
            if (p.getKey().equals("ordering") || p.getKey().equals("batching")) continue;
            if (acceptsAlone(ordering, batching, p.getKey(), p.getValue())) options.put(p.getKey(), p.getValue());
        }
        PolicySpec spec = new PolicySpec(ordering, batching, options);
        if (!spec.name().equals(name)) {
            throw new IllegalArgumentException("policy '" + name + "' is not a reference policy name (the reference "
                    + "calls " + ordering + " under " + batching + " '" + spec.name() + "')");
        }
        Map<String, String> resolved = spec.parameters();
        for (String k : new TreeMap<>(parameters).keySet()) {
            if (!Objects.equals(resolved.get(k), parameters.get(k))) {
                throw new IllegalArgumentException("the trace's parameter " + k + "=" + parameters.get(k)
                        + " is not what the reference " + spec.name() + " resolves (" + resolved.get(k) + ")");
            }
        }
        for (String k : resolved.keySet()) {
            if (!parameters.containsKey(k)) {
                throw new IllegalArgumentException("the trace's header lacks parameter " + k + " of the reference "
                        + spec.name() + " (its value there: " + resolved.get(k) + "); a header names every parameter");
            }
        }
        return spec;
    }

    private static boolean acceptsAlone(String policy, String batching, String key, String value) {
        try {
            Schedulers.create(policy, batching, Map.of(key, value));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
