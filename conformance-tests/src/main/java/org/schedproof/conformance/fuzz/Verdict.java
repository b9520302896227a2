package org.schedproof.conformance.fuzz;

import java.util.List;

/**
 * What the oracles said about one run: the failures found, in a fixed order (the catalogue's checkers in registry
 * order, then the differential, then the engine's rejections and the port's failures). Empty: the case passed.
 */
public record Verdict(List<Finding> findings, long steps) {
    /** One failed oracle: its id and the evidence (the first violations, or the first differing line). */
    public record Finding(String id, String detail) {}

    public Verdict {
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return findings.isEmpty();
    }

    /** The failure a shrink keeps: the first finding. */
    public String primary() {
        return findings.isEmpty() ? null : findings.get(0).id();
    }

    public boolean has(String id) {
        return findings.stream().anyMatch(f -> f.id().equals(id));
    }

    public List<String> ids() {
        return findings.stream().map(Finding::id).toList();
    }

    @Override
    public String toString() {
        if (findings.isEmpty()) return "PASS (" + steps + " steps)";
        StringBuilder b = new StringBuilder("FAIL ").append(ids()).append(" (").append(steps).append(" steps)");
        for (Finding f : findings) b.append('\n').append(f.id()).append(": ").append(f.detail().replace("\n", "\n  "));
        return b.toString();
    }
}
