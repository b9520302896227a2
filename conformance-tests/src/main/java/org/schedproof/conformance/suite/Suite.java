package org.schedproof.conformance.suite;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named, versioned set of workloads a certificate cites ({@code quick@1}, {@code full@1}). The version changes
 * whenever a workload, its limit or its engine recipe changes, so that a certificate names exactly what it ran.
 */
public record Suite(String name, int version, String description, List<SuiteWorkload> workloads) {
    public Suite {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        workloads = List.copyOf(workloads);
        if (version < 1) throw new IllegalArgumentException("suite " + name + ": version must be >= 1");
        Set<String> ids = new HashSet<>();
        for (SuiteWorkload w : workloads) {
            if (!ids.add(w.id())) throw new IllegalArgumentException("suite " + name + ": two workloads are named " + w.id());
        }
    }

    /** {@code name@version}, as a certificate cites it. */
    public String label() {
        return name + "@" + version;
    }

    public SuiteWorkload workload(String id) {
        return workloads.stream().filter(w -> w.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("suite " + label() + " has no workload " + id));
    }
}
