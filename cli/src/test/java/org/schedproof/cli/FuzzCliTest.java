package org.schedproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fuzz}, {@code replay}, {@code minimize} as a user runs them: exit statuses, saved cases, byte-for-byte replay. */
class FuzzCliTest {
    @TempDir
    Path tmp;

    @Test
    void aReferencePolicyCampaignFindsNothingAndWritesItsSummary() throws Exception {
        CliTest.Result r = CliTest.run("fuzz", "--policy", "dlpm", "--cases", "25", "--out", tmp.toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("25 cases", "0 failing");
        assertThat(Files.readString(tmp.resolve("summary.json"))).contains("\"cases\" : 25", "\"0/1\"");
    }

    @Test
    void aMutantIsFoundShrunkSavedAndReplayedByteForByte() throws Exception {
        CliTest.Result r = CliTest.run("fuzz", "--mutant", "chunk-over-budget", "--cases", "10", "--oracles", "L1",
                "--out", tmp.toString());
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
        List<Path> saved;
        try (Stream<Path> s = Files.list(tmp.resolve("failures"))) {
            saved = s.toList();
        }
        assertThat(saved).isNotEmpty();
        Path failure = saved.get(0);
        assertThat(failure.resolve("workload.jsonl")).exists();
        assertThat(Files.readAllLines(failure.resolve("workload.jsonl")).size() - 1).isBetween(1, 10);
        CliTest.Result replay = CliTest.run("replay", failure.toString());
        assertThat(replay.status()).as(replay.out() + replay.err()).isEqualTo(1);
        assertThat(replay.out()).contains("reproduced byte for byte", "SAFE-BUDGET");
        // the campaign again: the saved failure is re-run first
        CliTest.Result again = CliTest.run("fuzz", "--mutant", "chunk-over-budget", "--cases", "3", "--oracles", "L1",
                "--out", tmp.toString());
        assertThat(again.err()).contains("re-ran saved " + failure.getFileName() + ": still fails");
    }

    @Test
    void minimizeShrinksAUsersWorkloadToAReplayableCase() throws Exception {
        Path out = tmp.resolve("min");
        CliTest.Result r = CliTest.run("minimize", "--mutant", "request-never-finishes", "--workload",
                "gen:poisson?requests=16&clients=2&qps=50&input=8..64&output=2..16&seed=4", "--blocks", "64", "--out",
                out.toString());
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("shrunk 16 -> 6 requests"); // request 5 is dropped: ids 0..5 must exist
        CliTest.Result replay = CliTest.run("replay", out.toString());
        assertThat(replay.out()).contains("reproduced byte for byte");
    }

    @Test
    void shardsMergeAndBadUsageIsRefusedWithAReason() throws Exception {
        for (int i = 0; i < 2; i++) {
            CliTest.Result r = CliTest.run("fuzz", "--policy", "fcfs", "--cases", "5", "--shard", i + "/2", "--out",
                    tmp.resolve("s" + i).toString());
            assertThat(r.status()).as(r.err()).isZero();
        }
        CliTest.Result m = CliTest.run("fuzz", "--merge", tmp.resolve("s0").toString(), "--merge",
                tmp.resolve("s1").toString(), "--out", tmp.resolve("all").toString());
        assertThat(m.status()).as(m.err()).isZero();
        assertThat(m.out()).contains("10 cases", "[0/2, 1/2]");
        assertThat(CliTest.run("fuzz", "--policy", "fcfs", "--shard", "2/2").err()).contains("need 0 <= i < n");
        assertThat(CliTest.run("fuzz", "--policy", "nope", "--cases", "1").err()).contains("unknown policy 'nope'");
        assertThat(CliTest.run("fuzz", "--cases", "1").err()).contains("name one target");
        assertThat(CliTest.run("replay", tmp.toString()).err()).contains("not a saved fuzz case");
    }
}
