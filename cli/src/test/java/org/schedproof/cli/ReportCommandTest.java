package org.schedproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report, simulate --report and compare --out/--report through the command line. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    private static final String WORKLOAD = "gen:poisson?requests=40&clients=2&qps=20&seed=1";

    @Test
    void simulateAndCompareWriteTheirReportBesideTheirOutput() throws IOException {
        Path sim = tmp.resolve("sim");
        CliTest.Result s = CliTest.run("simulate", "--workload", WORKLOAD, "--policy", "vtc", "--out", sim.toString(),
                "--report");
        assertThat(s.status()).as(s.err()).isZero();
        assertThat(s.out()).contains("report    " + sim.resolve("report.html"));
        assertThat(Files.readString(sim.resolve("report.html"))).contains("Run: ", "Cumulative service per client");

        Path cmp = tmp.resolve("cmp");
        CliTest.Result c = CliTest.run("compare", "--workload", WORKLOAD, "--out", cmp.toString(), "--report", "fcfs",
                "vtc?lift=artifact");
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(cmp.resolve("01-fcfs/trace.jsonl")).exists();
        assertThat(cmp.resolve("02-vtc_lift_artifact/trace.jsonl")).exists();
        assertThat(Files.readString(cmp.resolve("report.html"))).contains("Compare: ", "(2 runs)", "01-fcfs",
                "02-vtc_lift_artifact");
    }

    /** fuzz's own output: a mutant's shrunk failures, each with its workload and timeline. */
    @Test
    void aFuzzCampaignsOutputReports() throws IOException {
        Path fuzz = tmp.resolve("fuzz");
        CliTest.Result f = CliTest.run("fuzz", "--mutant", "dlpm-forgives-debt", "--cases", "40", "--out",
                fuzz.toString());
        assertThat(f.status()).as(f.err()).isEqualTo(1);
        Path page = tmp.resolve("fuzz.html");
        CliTest.Result r = CliTest.run("report", fuzz.toString(), "--out", page.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readString(page)).contains("Fuzz: ", "mutant dlpm-forgives-debt", "Shrunk workload (",
                "Timeline of the shrunk trace", "<a href=\"#in0-");
    }

    @Test
    void reportWritesThePageAndRefusesWhatItCannotRead() throws IOException {
        Path sim = tmp.resolve("sim");
        assertThat(CliTest.run("simulate", "--workload", WORKLOAD, "--out", sim.toString()).status()).isZero();
        Path page = tmp.resolve("pages/r.html");
        CliTest.Result r = CliTest.run("report", sim.resolve("trace.jsonl").toString(), "--out", page.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").contains("</html>");
        CliTest.Result bad = CliTest.run("report", tmp.resolve("nothing").toString(), "--out", page.toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("nothing: no such file or directory");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(CliTest.run("report", empty.toString()).err()).contains("not a trace or an output directory");
    }
}
