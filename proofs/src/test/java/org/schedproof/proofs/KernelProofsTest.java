package org.schedproof.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * KeY proves the kernels: every contract of kernels/src/main/java is attempted, the report goes to
 * target/REPORT.md (and to proofs/REPORT.md with {@code -Dproofs.writeReport=true}), and the build fails when a
 * contract listed in must-prove.txt stays open or is gone.
 */
@Tag("proof")
class KernelProofsTest {
    /** Rule applications per contract: the largest kernel proof (DeficitLedger.refill) takes about 15,300 of it. */
    static final int MAX_STEPS = 20_000;

    @Test
    void everyMustProveContractCloses() throws Exception {
        Set<String> mustProve = mustProve();
        Path src = KernelSources.copy(Path.of("../kernels/src/main/java"), Path.of("target/key-src"));
        long wall = System.nanoTime();
        long cpu = processCpuNanos();
        List<ContractResult> results = KeyProver.proveAll(src, MAX_STEPS, r -> System.out.printf(
                "%-8s %-50s %6d rules %6.1f s%n", r.closed() ? "closed" : "OPEN", r.id(), r.ruleApps(), r.seconds()));
        String report = ProofReport.markdown(results, mustProve, MAX_STEPS, (System.nanoTime() - wall) / 1e9,
                (processCpuNanos() - cpu) / 1e9);
        Files.writeString(Path.of("target/REPORT.md"), report);
        if (Boolean.getBoolean("proofs.writeReport")) Files.writeString(Path.of("REPORT.md"), report);

        Set<String> ids = new TreeSet<>();
        Set<String> openMustProve = new TreeSet<>();
        for (ContractResult r : results) {
            ids.add(r.id());
            if (mustProve.contains(r.id()) && !r.closed()) openMustProve.add(r.id());
        }
        assertThat(ids).as("must-prove contracts that KeY no longer finds").containsAll(mustProve);
        assertThat(openMustProve).as("must-prove contracts KeY left open (see target/REPORT.md)").isEmpty();
        assertThat(results.stream().filter(ContractResult::closed).count()).isGreaterThanOrEqualTo(16);
    }

    static Set<String> mustProve() throws IOException {
        try (InputStream in = KernelProofsTest.class.getResourceAsStream("/must-prove.txt")) {
            Set<String> ids = new TreeSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String id = line.strip();
                if (!id.isEmpty() && !id.startsWith("#")) ids.add(id);
            }
            return ids;
        }
    }

    /** CPU time of this JVM, all threads: on a shared machine the honest measure of what the proofs cost. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
