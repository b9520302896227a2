package org.schedproof.invariants;

import java.util.List;
import org.schedproof.spec.Violation;

/** What one checker concluded about one trace. */
public record CheckResult(String id, String statement, Status status, long violationCount, List<Violation> first) {
    public enum Status { PASS, FAIL, NOT_APPLICABLE }

    public CheckResult {
        first = List.copyOf(first);
    }

    public static CheckResult of(Checker c) {
        if (!c.applicable()) return notApplicable(c);
        long n = c.violationCount();
        return new CheckResult(c.id(), c.statement(), n == 0 ? Status.PASS : Status.FAIL, n, c.violations());
    }

    /** {@code c} judged nothing: the rule does not apply, or there was no trace to apply it to. */
    public static CheckResult notApplicable(Checker c) {
        return new CheckResult(c.id(), c.statement(), Status.NOT_APPLICABLE, 0, List.of());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(id).append(": ").append(status);
        if (status == Status.FAIL) {
            b.append(" (").append(violationCount).append(violationCount == 1 ? " violation)" : " violations)");
            for (var v : first) b.append("\n  ").append(v);
            if (violationCount > first.size()) b.append("\n  ... ").append(violationCount - first.size()).append(" more");
        }
        return b.toString();
    }
}
