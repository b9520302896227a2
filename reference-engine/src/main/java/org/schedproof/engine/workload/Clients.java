package org.schedproof.engine.workload;

/** Client names of workloads whose files carry none: "client-0", "client-1", ... (spec/WORKLOAD.md). */
public final class Clients {
    /** The one client of a single-tenant workload; the same name as client 0 of a derived or generated set. */
    public static final String SINGLE = name(0);

    private Clients() {}

    public static String name(int index) {
        return "client-" + index;
    }
}
