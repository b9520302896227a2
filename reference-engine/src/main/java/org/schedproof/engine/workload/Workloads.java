package org.schedproof.engine.workload;

import java.util.List;
import org.schedproof.spec.Request;

/** Loads workloads from addresses such as {@code azure:traces/conv.csv} or {@code gen:poisson?requests=500&seed=1}. */
public final class Workloads {
    /** Reads at most this many requests: {@code ?limit=N} on any address, or {@link #load(String, int)}. */
    public static final String LIMIT_OPTION = "limit";

    private Workloads() {}

    public static Workload load(String address) {
        return load(address, Integer.MAX_VALUE);
    }

    /**
     * The first {@code limit} requests of the workload at {@code address}; a file is read only as far as needed.
     * Either the whole (limited) workload or a WorkloadException: nothing partial.
     */
    public static Workload load(String address, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        Address a = Address.parse(address);
        WorkloadFormat format = WorkloadFormat.byLabel(a.format(), address);
        Options options = a.options();
        int n = Math.min(limit, options.intValue(LIMIT_OPTION, Integer.MAX_VALUE, 0, Integer.MAX_VALUE));
        WorkloadReader reader = format.open(TextSource.file(a.path()), options);
        options.requireAllKnown("format '" + format.label() + "'");
        List<Request> requests = reader.read(n);
        String name = limit == Integer.MAX_VALUE ? address
                : address + (address.indexOf('?') < 0 ? "?" : "&") + LIMIT_OPTION + "=" + limit;
        Workload w = Workload.of(name, requests);
        // Readers of time-ordered files stop at n rows; generators make everything, then keep the first n arrivals.
        return w.size() > n ? new Workload(name, w.requests().subList(0, n), null) : w;
    }

    /** The known formats, for help texts. */
    public static List<WorkloadFormat> formats() {
        return List.of(WorkloadFormat.values());
    }
}
