package org.schedproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schedproof simulate --workers W --router NAME}. */
class ClusterCliTest {
    @TempDir
    Path tmp;

    @Test
    void aClusterWritesOneTracePerWorkerThatCheckPassesAndOneSummary() throws IOException {
        CliTest.Result r = CliTest.run("simulate", "--limit", "200", "--workers", "3", "--router", "cache-aware",
                "--router-param", "threshold=2048", "--out", tmp.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 workers behind cache-aware {threshold=2048}", "200 completed",
                "cache-aware:fcfs/sarathi", "imbalance", "worker-2.jsonl");
        assertThat(Files.exists(tmp.resolve("trace.jsonl"))).isFalse();
        for (int w = 0; w < 3; w++) {
            CliTest.Result check = CliTest.run("check", tmp.resolve("worker-" + w + ".jsonl").toString());
            assertThat(check.status()).as(check.out()).isZero();
        }
    }

    @Test
    void d2lpmRunsDlpmOnEveryWorkerAndRefusesAnotherPolicy() {
        CliTest.Result r = CliTest.run("simulate", "--limit", "150", "--workers", "2", "--router", "d2lpm",
                "--router-param", "worker-quantum=2048", "--param", "quantum=1024", "--out", tmp.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("d2lpm:dlpm/sarathi", "worker-quantum=2048", "150 completed");
        CliTest.Result fcfs = CliTest.run("simulate", "--workers", "2", "--router", "d2lpm", "--policy", "fcfs",
                "--out", tmp.toString());
        assertThat(fcfs.status()).isEqualTo(2);
        assertThat(fcfs.err()).contains("router d2lpm runs dlpm on every worker, not 'fcfs'");
    }

    @Test
    void badClusterOptionsAreUsageErrors() {
        CliTest.Result router = CliTest.run("simulate", "--workers", "2", "--router", "nope", "--out", tmp.toString());
        assertThat(router.status()).isEqualTo(2);
        assertThat(router.err()).contains("unknown router 'nope'", "least-loaded");
        CliTest.Result workers = CliTest.run("simulate", "--workers", "0", "--out", tmp.toString());
        assertThat(workers.status()).isEqualTo(2);
        assertThat(workers.err()).contains("--workers must be at least 1");
        CliTest.Result option = CliTest.run("simulate", "--workers", "2", "--router-param", "x=1", "--out",
                tmp.toString());
        assertThat(option.status()).isEqualTo(2);
        assertThat(option.err()).contains("unknown option(s) [x]");
    }
}
