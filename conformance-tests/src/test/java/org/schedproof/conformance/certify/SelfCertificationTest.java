package org.schedproof.conformance.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.schedproof.conformance.suite.Suites;
import org.schedproof.engine.Schedulers;

/**
 * Our own engines certified as a port would be (issue 12, item 10): every reference policy under stall-free batching,
 * FCFS and DLPM under prefill-first and Orca too, in process on the reference engine; and every policy on FastEngine
 * with its indexed variants; all at L3 on the quick suite (model-on workloads skip on FastEngine without a device).
 */
class SelfCertificationTest {
    @TempDir
    Path out;

    static Stream<Arguments> targets() {
        List<Arguments> a = new ArrayList<>();
        for (Schedulers.Policy p : Schedulers.Policy.values()) a.add(Arguments.of("reference", p.id, "sarathi"));
        for (String former : List.of("prefill-first", "orca")) {
            a.add(Arguments.of("reference", "fcfs", former));
            a.add(Arguments.of("reference", "dlpm", former));
        }
        for (Schedulers.Policy p : Schedulers.Policy.values()) a.add(Arguments.of("fast", p.id, "sarathi"));
        return a.stream();
    }

    @ParameterizedTest(name = "{0} engine {1}/{2}")
    @MethodSource("targets")
    void certifiedAtL3OnQuick(String engine, String policy, String batching) {
        Certificate c = Certifier.certify(new Certifier.Request(Certificate.Target.engine(engine),
                new PolicySpec(policy, batching, Map.of()), Level.L3, Suites.QUICK.suite()), out,
                new Certifier.Listener() {}).certificate();
        StringBuilder failures = new StringBuilder();
        for (Certificate.WorkloadResult w : c.workloads()) {
            if (w.skipped() != null) continue;
            if (!w.run().passed()) failures.append(w.id()).append(": ").append(w.run().failure()).append('\n');
            w.results().stream().filter(x -> x.status().equals(Certificate.InvariantResult.FAIL))
                    .forEach(x -> failures.append(w.id()).append(": ").append(x.firstViolation()).append('\n'));
        }
        assertThat(failures.toString()).isEmpty();
        assertThat(c.levelReached()).isEqualTo(Level.L3);
        assertThat(c.workloads()).filteredOn(w -> w.skipped() == null)
                .allSatisfy(w -> assertThat(w.results()).anyMatch(x -> x.id().equals(ScheduleDifferential.ID)
                        && x.status().equals(Certificate.InvariantResult.PASS)));
        assertThat(out.resolve("certificate.json")).exists();
        assertThat(out.resolve("junit.xml")).exists();
        assertThat(c.workloads()).filteredOn(w -> w.skipped() == null)
                .allSatisfy(w -> assertThat(Files.exists(out.resolve(w.trace()))).isTrue());
    }
}
