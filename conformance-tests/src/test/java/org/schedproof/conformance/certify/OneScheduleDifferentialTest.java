package org.schedproof.conformance.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.conformance.fuzz.Campaign;
import org.schedproof.conformance.fuzz.CaseRunner;
import org.schedproof.conformance.fuzz.FuzzCase;
import org.schedproof.conformance.fuzz.Minimize;
import org.schedproof.conformance.fuzz.Oracles;
import org.schedproof.conformance.fuzz.Replay;
import org.schedproof.conformance.fuzz.Target;
import org.schedproof.conformance.fuzz.Verdict;
import org.schedproof.conformance.mutants.Gallery;
import org.schedproof.conformance.mutants.Mutant;
import org.schedproof.conformance.suite.SuiteWorkload;
import org.schedproof.conformance.suite.Suites;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.trace.TraceWriter;

/**
 * DIFF-SCHEDULE means one thing in certify's L3 and in the fuzzer: a port whose witness is its own but whose schedule
 * is the reference's passes it in both (while its trace is not the reference's byte for byte, so there is a
 * difference to overlook); a mutant whose schedule differs fails it in both with the same first-divergence text.
 */
@Timeout(300)
class OneScheduleDifferentialTest {
    static final PolicySpec FCFS = new PolicySpec("fcfs", "sarathi", Map.of());

    /** fcfs_sarathi.py with a witness of its own (src/test/resources/witness). */
    static List<String> ownWitnessPort() {
        Path root = PythonPorts.root();
        return List.of("python3", root.resolve("conformance-tests/src/test/resources/witness/fcfs_own_witness.py").toString(),
                root.resolve("ports/python").toString());
    }

    @Test
    void aPortWithItsOwnWitnessAndTheReferencesSchedulePassesDiffScheduleInTheFuzzerAndInCertify(@TempDir Path out) {
        PythonPorts.assumePython();
        Target port = Target.port(ownWitnessPort(), "fcfs", "sarathi", Map.of());
        CaseRunner fuzz = new CaseRunner(port, Oracles.ALL);
        for (long k = 0; k < 6; k++) {
            FuzzCase c = Campaign.generate(3, k, 12);
            CaseRunner.Run run = fuzz.run(c.workload(), c.config(), Map.of(), true);
            List<String> reference = ScheduleDifferential.referenceTrace(FCFS, port.adapt(c.config(), c.workload()),
                    c.workload()).stream().map(TraceWriter::line).toList();
            assertThat(TraceDifferential.firstDifference(reference, run.lines(), "reference", "port"))
                    .as("case %d: the witness differs byte for byte", k).contains("port.steps");
            assertThat(run.verdict().steps()).isPositive();
            assertThat(run.verdict().has(ScheduleDifferential.ID)).as("case %d: %s", k, run.verdict()).isFalse();
            assertThat(run.verdict().passed()).as("case %d: %s", k, run.verdict()).isTrue();
        }
        Certificate cert = Certifier.certify(new Certifier.Request(Certificate.Target.port(ownWitnessPort(),
                PortCertificationTest.FAST), FCFS, Level.L3, Suites.QUICK.suite()), out, new Certifier.Listener() {})
                .certificate();
        assertThat(cert.workloads()).isNotEmpty().allSatisfy(w -> assertThat(w.results())
                .anyMatch(x -> x.id().equals(ScheduleDifferential.ID) && x.status().equals(Certificate.InvariantResult.PASS)));
        assertThat(cert.levelReached()).as("%s", CertificateJson.toJson(cert)).isEqualTo(Level.L3);
    }

    @Test
    void aScheduleThatDiffersFailsDiffScheduleInBothWithTheSameFirstDivergence() {
        Mutant m = Gallery.byName("newest-first");
        PolicySpec claimed = PolicySpec.fromNamed(m.create().name(), m.create().parameters());
        CaseRunner fuzz = new CaseRunner(Target.mutant(m.name()), Oracles.ALL);
        int diverged = 0;
        for (SuiteWorkload sw : Suites.QUICK.suite().workloads()) {
            Certificate.WorkloadResult r = Certifier.judge(sw, claimed, Level.L3, Certifier.Candidate.inProcess(m::create),
                    false, null, false, new Certifier.Listener() {}).result();
            if (r.skipped() != null) continue;
            Certificate.InvariantResult row = r.results().stream().filter(x -> x.id().equals(ScheduleDifferential.ID))
                    .findFirst().orElseThrow();
            Workload w = sw.load();
            Verdict v = fuzz.run(w, r.engine(), Map.of(), false).verdict();
            if (!row.status().equals(Certificate.InvariantResult.FAIL)) {
                assertThat(v.has(ScheduleDifferential.ID)).as("%s: certify passes it, so must the fuzzer: %s", sw.id(), v).isFalse();
                continue;
            }
            diverged++;
            Verdict.Finding f = v.findings().stream().filter(x -> x.id().equals(ScheduleDifferential.ID)).findFirst()
                    .orElseThrow(() -> new AssertionError(sw.id() + ": certify fails DIFF-SCHEDULE, the fuzzer not: " + v));
            assertThat(f.detail()).as(sw.id()).contains(row.firstViolation())
                    .contains(r.divergence().referenceBatch()).contains(r.divergence().candidateBatch());
            assertThat(v.has(TraceDifferential.ID)).as("a mutant is judged by its schedule, not its bytes").isFalse();
        }
        assertThat(diverged).as("quick workloads on which newest-first leaves FCFS's schedule").isPositive();
    }

    @Test
    void everyMutantIsComparedWithTheReferencePolicyItClaimsOrFailsSayingWhyNot() {
        List<String> unresolved = new java.util.ArrayList<>();
        for (Mutant m : Gallery.all()) {
            PolicySpec claimed;
            try {
                claimed = PolicySpec.fromNamed(m.create().name(), m.create().parameters());
            } catch (IllegalArgumentException e) {
                // a claim the reference cannot make (e.g. ltr with the exact oracle as predictor): a verdict saying so
                unresolved.add(m.name());
                Verdict v = new CaseRunner(Target.mutant(m.name()), Oracles.ALL).run(Campaign.generate(1, 0, 8)).verdict();
                assertThat(v.findings()).as(m.name()).filteredOn(f -> f.id().equals(ScheduleDifferential.ID))
                        .singleElement().satisfies(f -> assertThat(f.detail())
                                .contains("no reference policy is what the target claims to be").contains(e.getMessage()));
                continue;
            }
            assertThat(claimed.name()).as(m.name()).isEqualTo(m.create().name());
            assertThat(claimed.parameters()).as(m.name()).isEqualTo(new java.util.TreeMap<>(m.create().parameters()));
        }
        assertThat(unresolved).as("mutants whose claim no reference policy makes").hasSizeLessThan(Gallery.all().size() / 4);
    }

    @Test
    void aShrunkScheduleDivergenceKeepsItsIdAndReplays(@TempDir Path out) throws Exception {
        CaseRunner fuzz = new CaseRunner(Target.mutant("newest-first"), Oracles.ALL);
        FuzzCase failing = null;
        for (long k = 0; k < 20 && failing == null; k++) {
            FuzzCase c = Campaign.generate(1, k, 20);
            if (fuzz.run(c).verdict().has(ScheduleDifferential.ID)) failing = c;
        }
        assertThat(failing).as("a case of 20 on which newest-first leaves FCFS's schedule").isNotNull();
        Path dir = out.resolve("case");
        Minimize.Result m = Minimize.run(fuzz, failing.workload(), failing.config(), Map.of(), ScheduleDifferential.ID,
                200, dir, "newest-first-1", "test");
        assertThat(m.run().verdict().has(ScheduleDifferential.ID)).as("%s", m.run().verdict()).isTrue();
        assertThat(m.workload().requests().size()).isLessThanOrEqualTo(failing.workload().requests().size());
        Replay.Outcome o = Replay.run(dir);
        assertThat(o.saved().failure()).isEqualTo(ScheduleDifferential.ID);
        assertThat(o.run().verdict().has(ScheduleDifferential.ID)).isTrue();
        assertThat(o.sameTrace()).as(o.firstDifference()).isTrue();
    }
}
