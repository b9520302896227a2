package org.schedproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schedproof certify}: its help, exit statuses 0, 1 and 2, offline traces and {@code --verify}. */
class CertifyCommandTest {
    @TempDir
    Path tmp;

    static final String WORKLOAD = "gen:system-prompt?requests=30&clients=3&system=48&input=8..96&output=8..40&qps=200&seed=9";

    @Test
    void helpDescribesEveryOptionWithExamples() {
        CliTest.Result r = CliTest.run("certify", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("--port", "--engine", "--trace", "--verify", "--policy", "--batching", "--param",
                "--level", "--suite", "--out", "--reply-timeout", "--run-timeout", "--start-timeout", "--max-line",
                "Exit status", "Examples:", "certify --verify");
        assertThat(CliTest.run("--help").out()).contains("certify");
    }

    @Test
    void anEngineReachesItsLevelAndItsCertificateVerifies() throws Exception {
        Path out = tmp.resolve("lpm");
        CliTest.Result r = CliTest.run("certify", "--engine", "reference", "--policy", "lpm", "--suite", "quick",
                "--level", "L2", "--out", out.toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("certify lpm/sarathi at L2 on quick@1", "system-prompt", "level reached: L2");
        assertThat(out.resolve("certificate.json")).exists();
        assertThat(out.resolve("junit.xml")).exists();
        assertThat(out.resolve("system-prompt/trace.jsonl")).exists();
        assertThat(Files.readString(out.resolve("summary.txt"))).contains("level reached: L2 (asked L2)")
                .containsPattern("bursty-skewed +ok +\\d+ +0 +\\d+");

        CliTest.Result v = CliTest.run("certify", "--verify", out.toString());
        assertThat(v.status()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).contains("holds: reproduced exactly");
        Path cert = out.resolve("certificate.json");
        Files.writeString(cert, Files.readString(cert).replace("\"levelReached\" : \"L2\"", "\"levelReached\" : \"L3\""));
        CliTest.Result tampered = CliTest.run("certify", "--verify", out.toString());
        assertThat(tampered.status()).isEqualTo(1);
        assertThat(tampered.out()).contains("does NOT hold", "$.levelReached: recorded \"L3\", now \"L2\"");
    }

    @Test
    void offlineTracesAreJudgedAndAFailingOneExitsOne() throws Exception {
        Path sim = tmp.resolve("sim");
        assertThat(CliTest.run("simulate", "--workload", WORKLOAD, "--budget", "128", "--blocks", "40", "--max-running",
                "6", "--out", sim.toString()).status()).isZero();
        Path trace = sim.resolve("trace.jsonl");
        CliTest.Result ok = CliTest.run("certify", "--level", "L3", "--out", tmp.resolve("c1").toString(), "--trace",
                trace.toString());
        assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("level reached: L3");

        // the same trace claiming another workload digest: L3 cannot hold, and says why
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        lines.set(0, lines.get(0).replaceFirst("\"workloadDigest\":\"sha256:[0-9a-f]+\"", "\"workloadDigest\":\"sha256:00\""));
        Path bad = tmp.resolve("bad.jsonl");
        Files.write(bad, lines);
        CliTest.Result r = CliTest.run("certify", "--out", tmp.resolve("c2").toString(), "--trace", bad.toString());
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("level reached: L2 (asked L3)", "the header says sha256:00");
    }

    @Test
    void whatCannotRunExitsTwo() {
        assertThat(CliTest.run("certify", "--out", tmp.toString()).status()).isEqualTo(2);
        CliTest.Result two = CliTest.run("certify", "--engine", "reference", "--trace", "x.jsonl");
        assertThat(two.status()).isEqualTo(2);
        assertThat(two.err()).contains("exactly one target");
        assertThat(CliTest.run("certify", "--engine", "reference", "--policy", "nope", "--out", tmp.toString()).err())
                .contains("unknown policy 'nope'");
        assertThat(CliTest.run("certify", "--engine", "warp", "--out", tmp.toString()).status()).isEqualTo(2);
        CliTest.Result missing = CliTest.run("certify", "--out", tmp.toString(), "--trace", tmp.resolve("none.jsonl").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("none.jsonl");
        assertThat(CliTest.run("certify", "--port", "--out", tmp.toString()).err()).contains("give the port's command");
        assertThat(CliTest.run("certify", "--verify", tmp.resolve("nothing").toString()).status()).isEqualTo(2);
    }
}
