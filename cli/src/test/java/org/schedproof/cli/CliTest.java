package org.schedproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.spec.trace.TraceReader;

class CliTest {
    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void simulatePrintsTheSummaryAndWritesTheTrace() throws IOException {
        Result r = run("simulate", "--limit", "200", "--out", tmp.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("requests", "200 completed", "TTFT", "TBT", "prefix hit rate", "preemptions",
                "violations", "throughput");
        List<String> lines = Files.readAllLines(tmp.resolve("trace.jsonl"));
        assertThat(lines.get(0)).contains("\"type\":\"header\"");
        assertThat(lines.get(lines.size() - 1)).contains("\"type\":\"end\"", "\"done\"");
        // the engine's trace passes every line and order rule of the reader
        assertThat(TraceReader.readAll(tmp.resolve("trace.jsonl"))).hasSize(lines.size());
    }

    @Test
    void compareRunsEachPolicyAsSimulateWouldAndPrintsOneRowPerRun() throws IOException {
        String workload = "gen:system-prompt?requests=120&clients=3&seed=7";
        Result c = run("compare", "--workload", workload, "fcfs", "fcfs/prefill-first");
        assertThat(c.status()).as(c.err()).isZero();
        List<String> rows = c.out().lines().filter(l -> l.startsWith("fcfs")).toList();
        assertThat(rows).hasSize(2);
        // the same run through simulate: its hit rate (an independent code path: the trace file re-read) is in the row
        for (String batching : List.of("sarathi", "prefill-first")) {
            Path dir = tmp.resolve(batching);
            assertThat(run("simulate", "--workload", workload, "--batching", batching, "--out", dir.toString()).status())
                    .isZero();
            var s = org.schedproof.spec.metrics.MetricsCollector.of(dir.resolve("trace.jsonl"));
            String row = rows.get(batching.equals("sarathi") ? 0 : 1);
            assertThat(row).contains(String.format(java.util.Locale.ROOT, "%.2f", 100 * s.prefixHitRate()),
                    String.format(java.util.Locale.ROOT, "%.2f", s.requestsPerSecond()));
        }
    }

    @Test
    void compareRefusesAnUnknownPolicyOrOptionWithStatusTwo() {
        Result unknown = run("compare", "--limit", "10", "fcfs", "nosuch");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown policy 'nosuch'", "fcfs");
        Result option = run("compare", "--limit", "10", "fcfs?quantum=3");
        assertThat(option.status()).isEqualTo(2);
        assertThat(option.err()).contains("unknown option(s) [quantum]");
    }

    @Test
    void theSameInputsGiveAByteIdenticalTraceInOneJvmAndInTwoSeparateRuns() throws Exception {
        String workload = "gen:system-prompt?requests=150&clients=3&seed=5";
        List<byte[]> traces = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path dir = tmp.resolve("in-jvm-" + i);
            assertThat(run("simulate", "--workload", workload, "--out", dir.toString()).status()).isZero();
            traces.add(Files.readAllBytes(dir.resolve("trace.jsonl")));
        }
        for (int i = 0; i < 2; i++) {
            Path dir = tmp.resolve("process-" + i);
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "simulate", "--workload", workload,
                    "--out", dir.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(output).isZero();
            traces.add(Files.readAllBytes(dir.resolve("trace.jsonl")));
        }
        assertThat(traces.get(0).length).isGreaterThan(1000);
        for (byte[] t : traces) assertThat(t).isEqualTo(traces.get(0));
    }

    @Test
    void malformedInputNamesFileLineAndFieldAndSimulatesNothing() throws IOException {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "req_id,client,req_time_s,prompt_len,output_len\n0,a,0.0,10,5\n1,b,0.5,-3,5\n");
        Path out = tmp.resolve("out");
        Result r = run("simulate", "--workload", "vtc:" + bad, "--out", out.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv:3", "prompt_len").doesNotContain("Exception", "\tat ");
        assertThat(out.resolve("trace.jsonl")).doesNotExist();
    }

    @Test
    void aWorkloadThatCanNeverFitIsRefusedWithTheRequestNamed() {
        Result r = run("simulate", "--workload", "gen:poisson?requests=5&input=5000&output=10&seed=1", "--blocks", "100",
                "--out", tmp.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("request 0 needs 5010 KV positions");
    }

    @Test
    void checkPassesTheEnginesTraceAndGivesAClearVerdictOnADamagedOne() throws IOException {
        for (String batching : new String[] {"sarathi", "prefill-first"}) {
            Path dir = tmp.resolve(batching);
            assertThat(run("simulate", "--limit", "300", "--batching", batching, "--out", dir.toString()).status())
                    .isZero();
            Result ok = run("check", dir.resolve("trace.jsonl").toString());
            assertThat(ok.status()).as(ok.out()).isZero();
            assertThat(ok.out()).contains("SAFE-CONSERVATION", "pass").doesNotContain("FAIL");
        }
        Path trace = tmp.resolve("sarathi").resolve("trace.jsonl");
        List<String> lines = Files.readAllLines(trace);
        Path truncated = tmp.resolve("truncated.jsonl");
        Files.write(truncated, lines.subList(0, lines.size() / 2));
        Path stepRemoved = tmp.resolve("step-removed.jsonl");
        List<String> removed = new ArrayList<>(lines);
        removed.remove(removed.stream().filter(l -> l.contains("\"type\":\"step\"")).skip(5).findFirst().orElseThrow());
        Files.write(stepRemoved, removed);
        Path garbled = tmp.resolve("garbled.jsonl");
        List<String> bad = new ArrayList<>(lines);
        bad.set(7, bad.get(7).substring(0, bad.get(7).length() / 2) + "#");
        Files.write(garbled, bad);
        for (Path damaged : List.of(truncated, stepRemoved, garbled)) {
            Result r = run("check", damaged.toString());
            assertThat(r.status()).as(damaged + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(damaged.getFileName().toString()).doesNotContain("\tat ", "Exception");
        }
    }

    @Test
    void prefillFirstRefusesABudgetBelowTheLongestSequence() {
        Result r = run("simulate", "--batching", "prefill-first", "--budget", "100", "--out", tmp.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("more than --budget 100");
    }

    @Test
    void unknownPolicyAndBadOptionsAreUsageErrors() {
        Result policy = run("simulate", "--policy", "nope", "--out", tmp.toString());
        assertThat(policy.status()).isEqualTo(2);
        assertThat(policy.err()).contains("unknown policy 'nope'", "fcfs");
        Result option = run("simulate", "--budget", "many");
        assertThat(option.status()).isEqualTo(2);
        assertThat(option.err()).contains("--budget");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"simulate", "--help"}, {"check", "--help"}, {"bench", "--help"}}) {
            Result r = run(args);
            assertThat(r.status()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).contains("Usage: schedproof");
        }
    }

    @Test
    void usageListsEveryCommandThoughAJobLoadsOnlyItsOwn() {
        List<String> names = List.of("simulate", "compare", "check", "bench", "certify", "fuzz", "replay", "minimize",
                "reproduce", "report", "help");
        for (String[] args : new String[][] {{}, {"--help"}}) {
            Result r = run(args);
            for (String name : names) {
                assertThat(r.out()).as(String.join(" ", args)).containsPattern("(?m)^  " + name + " ");
            }
        }
        Result help = run("help", "check");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: schedproof check");
        Result typo = run("chek", "x");
        assertThat(typo.status()).isEqualTo(2);
        assertThat(typo.err()).contains("Did you mean", "schedproof check");
    }
}
