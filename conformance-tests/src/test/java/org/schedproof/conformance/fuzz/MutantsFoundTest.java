package org.schedproof.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.schedproof.conformance.certify.Level;
import org.schedproof.conformance.mutants.Gallery;
import org.schedproof.conformance.mutants.Mutant;

/**
 * Issue 13 item 5: every mutant of the gallery is found by the seeded campaign of {@link MutantHunt} (seed 1, oracles
 * L2: the checkers and the engine's rejections, not the differential, which would find any mutant at once) within
 * {@link #BUDGET} cases, shrunk to at most 10 requests, and its saved case replays byte for byte and still fails.
 * conformance-tests/README.md's table is MutantHunt's output.
 */
class MutantsFoundTest {
    /** Cases a campaign may spend to find one mutant (the worst measured is 8). */
    static final long BUDGET = 50;

    static Stream<String> mutants() {
        return Gallery.all().stream().map(Mutant::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void foundWithinTheBudgetAndShrunkToTenRequests(String mutant, @TempDir Path out) throws Exception {
        Campaign.Settings s = new Campaign.Settings(Target.mutant(mutant), new Oracles(Level.L2), MutantHunt.SEED, BUDGET,
                null, 0, 1, MutantHunt.MAX_REQUESTS, out, MutantHunt.SHRINK_RUNS);
        Campaign.Result r = Campaign.run(s, new Campaign.Listener() {}, true);
        assertThat(r.found()).as("%s not found in %d cases of seed %d", mutant, BUDGET, MutantHunt.SEED).isNotEmpty();
        Campaign.Found f = r.found().get(0);
        assertThat(f.requestsAfter()).as("%s (seed %d, case seed %016x) shrunk to", mutant, MutantHunt.SEED, f.caseSeed())
                .isLessThanOrEqualTo(10);
        Replay.Outcome o = Replay.run(f.dir());
        assertThat(o.sameTrace()).as("%s replays byte for byte: %s", mutant, o.firstDifference()).isTrue();
        assertThat(o.run().verdict().has(f.failure())).as("%s still fails %s", mutant, f.failure()).isTrue();
    }
}
