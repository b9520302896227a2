package org.schedproof.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A port as a fuzz target (spec/PORT.md): the Python FCFS/Sarathi port writes the reference trace on every fuzzed case
 * (the differential compares its trace with the in-process reference line by line); a port asked for a policy it
 * does not implement gets a protocol verdict.
 */
class PortFuzzTest {
    static final Path PORTS = Path.of("..", "ports", "python");

    static void assumePython() throws Exception {
        boolean ok;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; assert sys.version_info >= (3, 9)").start();
            ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            ok = false;
        }
        assumeTrue(ok && Files.isRegularFile(PORTS.resolve("fcfs_sarathi.py")), "python3 (3.9+) or the ports are missing");
    }

    @Test
    void thePythonFcfsPortPassesEveryOracleOnFuzzedCases() throws Exception {
        assumePython();
        Target port = Target.port(List.of("python3", PORTS.resolve("fcfs_sarathi.py").toString()), "fcfs", "sarathi", Map.of());
        Campaign.Result r = Campaign.run(new Campaign.Settings(port, Oracles.ALL, 3, 6, null, 0, 1, 12, null, 50),
                new Campaign.Listener() {});
        assertThat(r.failureCounts()).as(r.found().toString()).isEmpty();
    }

    @Test
    void aPortRefusingThePolicyIsAVerdictNotACrash() throws Exception {
        assumePython();
        // the FCFS port refuses other policies in its handshake: a protocol verdict, not a crash of the campaign
        Target port = Target.port(List.of("python3", PORTS.resolve("fcfs_sarathi.py").toString()), "dlpm", "sarathi", Map.of());
        Verdict v = new CaseRunner(port, Oracles.ALL).run(Campaign.generate(3, 0, 8)).verdict();
        assertThat(v.ids()).anyMatch(id -> id.startsWith("PORT-"));
    }
}
