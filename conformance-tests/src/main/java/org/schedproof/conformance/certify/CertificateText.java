package org.schedproof.conformance.certify;

import java.util.Locale;

/**
 * The certificate for a person (DIR/summary.txt, and what {@code certify} prints): what was certified, one line per
 * workload (the run, passed, failed and n/a counts, the first failure; at L3 the first divergence with both
 * batches), and the level reached. Deterministic, as the certificate is.
 */
public final class CertificateText {
    private CertificateText() {}

    public static String render(Certificate c) {
        StringBuilder b = new StringBuilder();
        b.append("certify ").append(c.policy()).append(" at ").append(c.level())
                .append(c.suite() == null ? "" : " on " + c.suite() + "@" + c.suiteVersion()).append(": ")
                .append(c.target().describe()).append(c.portName() == null ? "" : " (\"" + c.portName() + "\")").append('\n');
        b.append(String.format(Locale.ROOT, "%-18s %-10s %5s %5s %5s  %s%n", "workload", "run", "pass", "fail", "n/a",
                "first failure"));
        for (Certificate.WorkloadResult w : c.workloads()) {
            if (w.skipped() != null) {
                b.append(String.format(Locale.ROOT, "%-18s %-10s %5s %5s %5s  %s%n", w.id(), "skipped", "", "", "",
                        w.skipped()));
                continue;
            }
            long pass = count(w, Certificate.InvariantResult.PASS);
            long fail = count(w, Certificate.InvariantResult.FAIL);
            long na = w.results().size() - pass - fail;
            String first = !w.run().passed() ? w.run().failure()
                    : w.results().stream().filter(x -> x.status().equals(Certificate.InvariantResult.FAIL))
                    .map(Certificate.InvariantResult::firstViolation).findFirst().orElse("");
            String run = w.run().passed() ? "ok" : w.verdict() != null ? w.verdict().verdict() : "FAILED";
            b.append(String.format(Locale.ROOT, "%-18s %-10s %5d %5d %5d  %s%n", w.id(), run, pass, fail, na, first));
            if (w.divergence() != null) {
                b.append("    first divergence from the reference at step ").append(w.divergence().step()).append(": ")
                        .append(w.divergence().what()).append('\n');
                b.append("      reference: ").append(orNone(w.divergence().referenceBatch())).append('\n');
                b.append("      candidate: ").append(orNone(w.divergence().candidateBatch())).append('\n');
            }
        }
        b.append('\n').append("level reached: ").append(c.levelReached() == null ? "none" : c.levelReached())
                .append(" (asked ").append(c.level()).append(')');
        if (c.summary().skippedWorkloads() > 0) {
            b.append(", ").append(c.summary().skippedWorkloads()).append(" workload(s) skipped");
        }
        return b.append('\n').toString();
    }

    private static long count(Certificate.WorkloadResult w, String status) {
        return w.results().stream().filter(x -> x.status().equals(status)).count();
    }

    private static String orNone(String s) {
        return s == null ? "(no step)" : s;
    }
}
