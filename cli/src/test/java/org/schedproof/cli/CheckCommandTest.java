package org.schedproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;

/** {@code schedproof check --policy}: a trace judged as one of another policy. */
class CheckCommandTest {
    @TempDir
    Path tmp;

    /** Two requests arrive together; the later id is admitted first: legal, but not FCFS. */
    private Path newestFirst(String policy) throws IOException {
        Path file = tmp.resolve(policy + ".jsonl");
        EngineConfig config = EngineConfig.defaults();
        try (TraceWriter w = TraceWriter.open(file)) {
            w.write(new TraceEvent.Header(TraceEvent.SCHEMA, config, policy + "/sarathi", Map.of("batching", "sarathi"),
                    "test", 2, "sha256:test"));
            for (long id = 0; id < 2; id++) {
                w.write(new TraceEvent.Arrival(0, new Request(id, "c", 0, Prompt.single(id, 6), 1)));
            }
            long t = 0;
            // a 6-token prompt fills no 16-token block, so nothing stays cached: kvUsedBlocks 0 after each step
            for (long id = 1; id >= 0; id--) {
                long step = 1 - id;
                w.write(new TraceEvent.Step(step, t, 10, List.of(), List.of(new Slice(id, 0, 6)), false, List.of(), 0,
                        List.of(new TraceEvent.Emit(id, -1)), List.of(id), 0, List.of(), Map.of()));
                t += 10;
                w.write(new TraceEvent.Completion(t, id, 1, 0));
            }
            w.write(new TraceEvent.End(TraceEvent.End.DONE, t, 2, 2, 0));
        }
        return file;
    }

    @Test
    void simulateChecksOnlineWithTheTableCheckPrintsForItsTraceAndNoCheckSkipsIt() {
        String workload = "gen:system-prompt?requests=60&clients=3&qps=40&seed=4";
        Path dir = tmp.resolve("online");
        CliTest.Result sim = CliTest.run("simulate", "--workload", workload, "--policy", "vtc", "--out", dir.toString());
        assertThat(sim.status()).as(sim.out() + sim.err()).isZero();
        CliTest.Result check = CliTest.run("check", dir.resolve("trace.jsonl").toString());
        assertThat(check.status()).as(check.out()).isZero();
        // the online verdict is the file's, row for row
        assertThat(check.out()).contains("FAIR-VTC-SELECT      pass");
        assertThat(sim.out()).endsWith(check.out());
        CliTest.Result quiet = CliTest.run("simulate", "--workload", workload, "--no-check", "--out", tmp.resolve("quiet").toString());
        assertThat(quiet.status()).isZero();
        assertThat(quiet.out()).doesNotContain("invariant").doesNotContain("SAFE-BUDGET");
    }

    @Test
    void policyForcesThatPolicysInvariants() throws IOException {
        Path trace = newestFirst("other");
        CliTest.Result plain = CliTest.run("check", trace.toString());
        assertThat(plain.status()).as(plain.out()).isZero();
        assertThat(plain.out()).containsPattern("ORDER-FCFS +n/a");
        CliTest.Result forced = CliTest.run("check", "--policy", "fcfs", trace.toString());
        assertThat(forced.status()).as(forced.out()).isEqualTo(1);
        assertThat(forced.out()).containsPattern("ORDER-FCFS +FAIL").contains("admits request 1");
    }

    @Test
    void theTokenOracleJudgesATraceWithTheModelOnAndIsNotApplicableWithItOff() {
        String workload = "gen:poisson?requests=20&clients=2&input=8..64&output=4..16&seed=5";
        Path on = tmp.resolve("on");
        assertThat(CliTest.run("simulate", "--workload", workload, "--model", "tiny@1", "--out", on.toString()).status())
                .isZero();
        CliTest.Result judged = CliTest.run("check", on.resolve("trace.jsonl").toString());
        assertThat(judged.status()).as(judged.out()).isZero();
        assertThat(judged.out()).containsPattern("SAFE-TOKENS +pass");
        Path off = tmp.resolve("off");
        assertThat(CliTest.run("simulate", "--workload", workload, "--out", off.toString()).status()).isZero();
        assertThat(CliTest.run("check", off.resolve("trace.jsonl").toString()).out()).containsPattern("SAFE-TOKENS +n/a");
    }

    @Test
    void aPolicyWithoutInvariantsIsAUsageError() throws IOException {
        CliTest.Result r = CliTest.run("check", "--policy", "nope", newestFirst("fcfs").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--policy nope", "known: fcfs");
    }
}
