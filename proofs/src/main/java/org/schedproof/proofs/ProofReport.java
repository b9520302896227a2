package org.schedproof.proofs;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** proofs/REPORT.md: one row per contract (closed or open, rule applications, seconds) and the run's totals. */
public final class ProofReport {
    private ProofReport() {
    }

    /**
     * The report of one proof run over the kernels. {@code mustProve} marks the contracts the build requires closed;
     * {@code wallSeconds} and {@code cpuSeconds} measure the whole run, KeY's loading included.
     */
    public static String markdown(List<ContractResult> results, Set<String> mustProve, int maxSteps,
                                  double wallSeconds, double cpuSeconds) {
        StringBuilder s = new StringBuilder();
        long closed = results.stream().filter(ContractResult::closed).count();
        long required = results.stream().filter(r -> mustProve.contains(r.id())).count();
        s.append("# Proof report\n\n")
                .append("KeY 2.12.3 auto mode on every JML contract of the kernels (`kernels/src/main/java`), under ")
                .append("Java's modular integer semantics (`").append(KeyProver.INT_RULES).append("`), at most ")
                .append(maxSteps).append(" rule applications per contract; written by `KernelProofsTest` ")
                .append("(`mvn -pl proofs -am verify -Dproofs.writeReport=true` rewrites this file). ")
                .append("A contract marked must-prove (proofs/src/test/resources/must-prove.txt) that stays open ")
                .append("fails the build; any other open contract is reported, not failed, and the written proofs ")
                .append("(VTC-BOUND.md, DLPM-BOUND.md) say which lemma rests on it. Seconds are wall time on a shared ")
                .append("machine; the CPU figure below is the run's own cost.\n\n")
                .append(String.format(Locale.ROOT, "**%d of %d contracts closed** (%d must-prove). Whole run, KeY's "
                        + "loading included: %.1f s wall, %.1f s CPU (%d cores available).%n%n", closed, results.size(),
                        required, wallSeconds, cpuSeconds, Runtime.getRuntime().availableProcessors()))
                .append("| contract | must-prove | result | rule applications | seconds |\n")
                .append("|---|---|---|---:|---:|\n");
        for (ContractResult r : results) {
            s.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %d | %.2f |%n", r.id(),
                    mustProve.contains(r.id()) ? "yes" : "no", r.closed() ? "closed" : "**open**", r.ruleApps(),
                    r.seconds()));
        }
        return s.toString();
    }
}
