package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceReader;
import org.schedproof.spec.trace.TraceWriter;

class TraceCheckTest {
    @Test
    void everyCheckerPassesTheGoodRun() {
        TraceCheck.Report r = TraceCheck.run(CheckerTestSupport.goodRun().events());
        assertThat(r.passed()).as(r.toString()).isTrue();
        // every rule that is not specific to another policy than fcfs applies, and holds; the model is off
        assertThat(r.results()).hasSize(Checkers.values().length)
                .allMatch(c -> c.status() == (otherPolicy(c.id()) || c.id().equals("SAFE-TOKENS")
                        ? CheckResult.Status.NOT_APPLICABLE : CheckResult.Status.PASS));
        assertThat(r.steps()).isEqualTo(4);
    }

    private static boolean otherPolicy(String id) {
        String p = Checkers.byId(id).create().forPolicy();
        return p != null && !p.equals("fcfs");
    }

    @Test
    void registryIdsAreUniqueAndMatchTheCheckers() {
        var ids = new HashSet<String>();
        for (Checkers c : Checkers.values()) {
            Checker checker = c.create();
            assertThat(checker.id()).isEqualTo(c.id()).matches("[A-Z]+(-[A-Z]+)+");
            assertThat(checker.statement()).isNotBlank();
            assertThat(ids.add(checker.id())).isTrue();
            assertThat(Checkers.byId(c.id())).isEqualTo(c);
        }
    }

    @Test
    void aPolicySpecificCheckerIsNotApplicableElsewhere() {
        var trace = new TraceBuilder(TraceBuilder.SMALL, "prefill-first").arrive(0, 6, 1)
                .step().slice(0, 0, 6).emit(0).finish(0).kv(1).done().end(); // its full block stays cached
        TraceCheck.Report r = TraceCheck.run(trace.events());
        assertThat(r.get("BATCH-NO-STALL").status()).isEqualTo(CheckResult.Status.NOT_APPLICABLE);
        assertThat(r.get("BATCH-CHUNK").status()).isEqualTo(CheckResult.Status.NOT_APPLICABLE);
        assertThat(r.passed()).isTrue();
    }

    @Test
    void aReportWithoutAHeaderSaysNoCheckerAppliesAndThrowsNothing() {
        // what a port that fails its handshake leaves: no event at all, so nothing says which rules apply
        TraceCheck.Online online = TraceCheck.online();
        TraceCheck.Report r = online.report();
        assertThat(r.results()).hasSize(Checkers.values().length)
                .allMatch(c -> c.status() == CheckResult.Status.NOT_APPLICABLE && c.first().isEmpty());
        assertThat(r.get("BATCH-ADMISSION").status()).isEqualTo(CheckResult.Status.NOT_APPLICABLE);
        assertThat(r.passed()).isTrue();
        assertThat(r.steps()).isZero();
        assertThat(TraceCheck.run(List.of()).results()).allMatch(c -> c.status() == CheckResult.Status.NOT_APPLICABLE);
        try (TraceCheck.Background background = new TraceCheck.Background()) {
            assertThat(background.report().results()).allMatch(c -> c.status() == CheckResult.Status.NOT_APPLICABLE);
        }
        // once a header is fed, the header decides again: the same online checker judges as usual
        CheckerTestSupport.goodRun().events().forEach(online::accept);
        assertThat(online.report().get("BATCH-ADMISSION").status()).isEqualTo(CheckResult.Status.PASS);
    }

    @Test
    void aFailureNamesItsFirstViolationsAndCountsTheRest() {
        var b = TraceBuilder.sarathi();
        for (int i = 0; i < 30; i++) b.arrive(i, 6, 1);
        var trace = b.step().slice(0, 0, 6).emit(0).finish(0).done().end(); // 29 never complete
        TraceCheck.Report r = TraceCheck.run(trace.events());
        CheckResult c = r.get("SAFE-CONSERVATION");
        assertThat(c.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(c.violationCount()).isEqualTo(29);
        assertThat(c.first()).hasSize(Checker.MAX_KEPT);
        assertThat(r.passed()).isFalse();
        assertThat(c.toString()).contains("SAFE-CONSERVATION: FAIL (29 violations)", "... 9 more");
    }

    @Test
    void theExampleOfTraceMdPassesEveryApplicableChecker() throws IOException {
        String doc = Files.readString(Path.of("..", "spec", "TRACE.md"));
        int from = doc.indexOf("```jsonl\n") + "```jsonl\n".length();
        String example = doc.substring(from, doc.indexOf("```", from));
        try (TraceReader reader = TraceReader.ofString(example, "TRACE.md")) {
            TraceCheck.Report r = TraceCheck.run(() -> reader);
            assertThat(r.passed()).as(r.toString()).isTrue();
            assertThat(r.steps()).isEqualTo(2);
            // its parameters name no batching, so the former is read from the policy name fcfs/sarathi
            assertThat(r.get("BATCH-NO-STALL").status()).isEqualTo(CheckResult.Status.PASS);
            assertThat(r.get("ORDER-FCFS").status()).isEqualTo(CheckResult.Status.PASS);
        }
    }

    @Test
    void readsAWrittenTraceFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.jsonl");
        List<TraceEvent> events = CheckerTestSupport.goodRun().events();
        try (TraceWriter w = TraceWriter.open(file)) {
            for (TraceEvent e : events) w.write(e);
        }
        TraceCheck.Report r = TraceCheck.run(file);
        assertThat(r.passed()).as(r.toString()).isTrue();
        assertThat(r.steps()).isEqualTo(4);
    }
}
