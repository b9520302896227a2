package org.schedproof.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.conformance.certify.Level;
import org.schedproof.conformance.certify.ScheduleDifferential;

/** Shards partition a campaign, summaries merge, saved failures are re-run first, oracles are what they say. */
class CampaignTest {
    @Test
    void shardsOfOneSeedRunDisjointCasesThatTogetherAreTheWholeCampaign() throws Exception {
        List<Long> whole = seeds(0, 1, 12);
        List<Long> parts = new ArrayList<>(seeds(0, 3, 4));
        parts.addAll(seeds(1, 3, 4));
        parts.addAll(seeds(2, 3, 4));
        assertThat(parts).containsExactlyInAnyOrderElementsOf(whole);
    }

    /** The case seeds the campaign's shard i/n runs (as Campaign computes them). */
    private static List<Long> seeds(int shard, int shards, int cases) {
        List<Long> out = new ArrayList<>();
        for (long k = shard, n = 0; n < cases; k += shards, n++) out.add(Campaign.caseSeed(5, k));
        return out;
    }

    @Test
    void shardSummariesMergeIntoOneAndADuplicateShardIsRefused(@TempDir Path dir) throws Exception {
        List<Summary> parts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("shard" + i);
            Campaign.run(new Campaign.Settings(Target.mutant("decode-skipped"), new Oracles(Level.L1), 5, 6, null, i, 2,
                    8, out, 300), new Campaign.Listener() {});
            parts.add(Summary.read(out.resolve(Summary.FILE)));
        }
        Summary m = Summary.merge(parts);
        assertThat(m.cases()).isEqualTo(12);
        assertThat(m.shards()).containsExactly("0/2", "1/2");
        assertThat(m.failures()).containsKey("BATCH-NO-STALL");
        assertThat(m.failures().get("BATCH-NO-STALL").cases())
                .isEqualTo(parts.get(0).failures().get("BATCH-NO-STALL").cases() + parts.get(1).failures().get("BATCH-NO-STALL").cases());
        assertThat(m.failures().get("BATCH-NO-STALL").saved()).hasSize(2);
        assertThatThrownBy(() -> Summary.merge(List.of(parts.get(0), parts.get(0)))).hasMessageContaining("twice");
    }

    @Test
    void savedFailuresAreReRunFirstAndNotSavedAgain(@TempDir Path out) throws Exception {
        Campaign.Settings s = new Campaign.Settings(Target.mutant("chunk-over-budget"), new Oracles(Level.L1), 2, 10, null,
                0, 1, 20, out, 500);
        Campaign.Result first = Campaign.run(s, new Campaign.Listener() {});
        assertThat(first.found()).isNotEmpty();
        assertThat(first.replayed()).isEmpty();
        long saved = Files.list(out.resolve("failures")).count();
        Campaign.Result second = Campaign.run(s, new Campaign.Listener() {});
        assertThat(second.replayed()).hasSize((int) saved)
                .allSatisfy(r -> assertThat(r.stillFails() && r.sameTrace()).isTrue());
        assertThat(second.found()).as("failures already saved are not shrunk and saved again").isEmpty();
        assertThat(Files.list(out.resolve("failures")).count()).isEqualTo(saved);
    }

    @Test
    void theDifferentialIsJudgedAtL3AndTheEngineRejectsWhatItMust() throws Exception {
        FuzzCase c = Campaign.generate(1, 1, 20);
        CaseRunner l3 = new CaseRunner(Target.mutant("newest-first"), Oracles.ALL);
        CaseRunner l2 = new CaseRunner(Target.mutant("newest-first"), new Oracles(Level.L2));
        // newest-first admits the latest arrival first: the reference FCFS trace differs as soon as two wait
        boolean differs = false;
        for (long k = 0; k < 20 && !differs; k++) {
            FuzzCase x = Campaign.generate(1, k, 20);
            Verdict v = l3.run(x).verdict();
            differs = v.has(ScheduleDifferential.ID);
            assertThat(l2.run(x).verdict().has(ScheduleDifferential.ID)).isFalse();
        }
        assertThat(differs).isTrue();
        Verdict budget = new CaseRunner(Target.mutant("chunk-over-budget"), new Oracles(Level.L1)).run(
                Campaign.generate(1, 3, 20)).verdict();
        assertThat(budget.ids()).contains("SAFE-BUDGET", "ENGINE-BUDGET");
        Verdict reference = new CaseRunner(Target.policy("dlpm", "sarathi", Map.of(), false), Oracles.ALL).run(c).verdict();
        assertThat(reference.passed()).as(reference.toString()).isTrue();
    }
}
