package org.schedproof.conformance.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.conformance.protocol.PortFailure;
import org.schedproof.conformance.suite.Suites;

/**
 * Ports through {@code certify}: the Python FCFS and DLPM ports reach L3 on the quick suite; hostile ports (crash,
 * hang, garbage) get their verdict in the certificate and in junit.xml, never a hung harness; {@code --verify} holds
 * for an unchanged port and catches a changed one.
 */
@Timeout(300)
class PortCertificationTest {
    /** Short limits so that a hanging port costs a second per workload. */
    static final Certificate.Limits FAST = new Certificate.Limits(20_000, 1_000, 60_000, 1 << 20);

    @TempDir
    Path out;

    @BeforeAll
    static void python() {
        PythonPorts.assumePython();
    }

    static Certificate certify(List<String> argv, PolicySpec policy, Level level, Path out) {
        return Certifier.certify(new Certifier.Request(Certificate.Target.port(argv, FAST), policy, level,
                Suites.QUICK.suite()), out, new Certifier.Listener() {}).certificate();
    }

    @Test
    void thePythonDlpmPortReachesL3() {
        Certificate c = certify(PythonPorts.port("dlpm_sarathi.py"), new PolicySpec("dlpm", "sarathi", Map.of()), Level.L3, out);
        assertThat(c.levelReached()).as("%s", CertificateJson.toJson(c)).isEqualTo(Level.L3);
    }

    @Test
    void aCrashingPortGetsItsVerdictWithItsStderr() throws Exception {
        Certificate c = certify(PythonPorts.hostile("crash.py"), new PolicySpec("fcfs", "sarathi", Map.of()), Level.L3, out);
        assertThat(c.levelReached()).isNull();
        assertThat(c.workloads()).allSatisfy(w -> {
            assertThat(w.verdict().verdict()).isEqualTo(PortFailure.CRASHED);
            assertThat(w.verdict().message()).contains("disk is on fire");
            assertThat(w.run().endReason()).isEqualTo("port-crashed");
        });
        String stderr = Files.readString(out.resolve(c.workloads().get(0).portStderr()), StandardCharsets.UTF_8);
        assertThat(stderr).contains("fatal: the scheduler's disk is on fire");
        assertThat(Files.readString(out.resolve("junit.xml"))).contains("type=\"protocol.crashed\"");
    }

    @Test
    void aHangingPortTimesOutOnEveryWorkload() {
        Certificate c = certify(PythonPorts.hostile("hang.py"), new PolicySpec("fcfs", "sarathi", Map.of()), Level.L1, out);
        assertThat(c.levelReached()).isNull();
        assertThat(c.workloads()).allSatisfy(w -> assertThat(w.verdict().verdict()).isEqualTo(PortFailure.TIMEOUT));
        assertThat(c.summary().runFailures()).isEqualTo(c.workloads().size());
    }

    @Test
    void aPortWritingGarbageGetsTheLineAndTheParseError() {
        Certificate c = certify(PythonPorts.hostile("garbage.py"), new PolicySpec("fcfs", "sarathi", Map.of()), Level.L2, out);
        assertThat(c.levelReached()).isNull();
        assertThat(c.workloads()).allSatisfy(w -> {
            assertThat(w.verdict().verdict()).isEqualTo(PortFailure.GARBAGE);
            assertThat(w.verdict().message()).contains("this is not json");
        });
    }

    @Test
    void aPortThatCannotStartIsAVerdictToo() {
        Certificate c = certify(List.of(out.resolve("no-such-port").toString()), new PolicySpec("fcfs", "sarathi", Map.of()),
                Level.L1, out);
        assertThat(c.levelReached()).isNull();
        assertThat(c.workloads()).allSatisfy(w -> {
            assertThat(w.verdict().verdict()).isEqualTo(PortFailure.START_FAILED);
            assertThat(w.trace()).isNull();
            assertThat(w.results()).allSatisfy(x -> assertThat(x.status()).isEqualTo(Certificate.InvariantResult.NOT_RUN));
        });
    }

    /** The FCFS port (a copy) reaches L3; changed after, its certificate no longer holds. */
    @Test
    void thePythonFcfsPortReachesL3AndVerifyCatchesItOnceChanged(@TempDir Path portDir, @TempDir Path scratch)
            throws Exception {
        Path port = PythonPorts.copyOfFcfsPort(portDir);
        Certificate c = certify(List.of("python3", port.toString()), new PolicySpec("fcfs", "sarathi", Map.of()), Level.L3, out);
        assertThat(c.levelReached()).as("%s", CertificateJson.toJson(c)).isEqualTo(Level.L3);
        assertThat(c.protocol()).isEqualTo(Certificate.PORT_PROTOCOL);
        assertThat(c.portName()).contains("fcfs/sarathi (python)");
        assertThat(c.workloads()).allSatisfy(w -> {
            assertThat(w.verdict()).isNull();
            assertThat(out.resolve(w.trace())).exists();
            assertThat(w.portStderr()).isEqualTo(w.id() + "/port.stderr.log");
        });

        // the port changes after it was certified: it now admits the newest waiting request first
        String text = Files.readString(port);
        assertThat(text).contains("InOrder(view.waiting)");
        Files.writeString(port, text.replace("InOrder(view.waiting)", "InOrder(list(reversed(view.waiting)))"));
        Verifier.Result changed = Verifier.verify(out, scratch, new Certifier.Listener() {});
        assertThat(changed.holds()).isFalse();
        assertThat(changed.difference()).startsWith("$.levelReached");
        // admitting out of FCFS order breaks BATCH-HOL (L1) as well as ORDER-FCFS (L2) and the schedule (L3)
        assertThat(changed.rerun().levelReached()).isNull();
        assertThat(changed.rerun().workloads()).anyMatch(w -> w.results().stream()
                .anyMatch(x -> x.id().equals("ORDER-FCFS") && x.status().equals(Certificate.InvariantResult.FAIL)));
    }
}
