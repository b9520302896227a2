package org.schedproof.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.schedproof.engine.Schedulers;

/**
 * Issue 13 item 9: a short seeded campaign per policy and batch former in {@code mvn verify}, every oracle on (the
 * checkers, the FastEngine differential, the engine's rejections): the reference policies pass. The long campaign is
 * {@code schedproof fuzz --policy NAME --time 1h} (conformance-tests/README.md).
 *
 * <p>LTR is the exception this campaign found: under its default {@code admission=fit} a request whose predicted
 * sequence exceeds the KV pool, though its true one fits, is never admitted (LIVE-PROGRESS; pinned by
 * {@link LtrFitFindingTest}). Its campaign asserts that nothing else fails.
 */
class PolicyCampaignTest {
    static final long CASES = 40;
    static final long SEED = 20261205;
    /** The liveness failure of LTR's fit admission and what it entails (one request never finishes). */
    static final Set<String> LTR_FIT_FINDING = Set.of("LIVE-PROGRESS", "SAFE-CONSERVATION", "ENGINE-LIVENESS");

    static Stream<Arguments> targets() {
        List<Arguments> out = new ArrayList<>();
        for (Schedulers.Policy p : Schedulers.Policy.values()) {
            for (Schedulers.Batching b : Schedulers.Batching.values()) {
                out.add(Arguments.of(p.id, b.id));
                if (p.standalone()) break;
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("targets")
    void referencePoliciesPassEveryOracle(String policy, String batching) throws Exception {
        Campaign.Settings s = new Campaign.Settings(Target.policy(policy, batching, Map.of(), false), Oracles.ALL, SEED,
                CASES, null, 0, 1, 20, null, 200);
        Campaign.Result r = Campaign.run(s, new Campaign.Listener() {});
        assertThat(r.cases()).isEqualTo(CASES);
        String found = r.found().stream().map(f -> f.failure() + " at case " + f.caseNumber() + " (case seed "
                + Long.toHexString(f.caseSeed()) + "): " + f.verdict()).reduce("", (a, b) -> a + "\n" + b);
        if (policy.equals("ltr")) {
            assertThat(r.failureCounts().keySet()).as("seed %d:%s", SEED, found).isSubsetOf(LTR_FIT_FINDING);
        } else {
            assertThat(r.failureCounts()).as("seed %d:%s", SEED, found).isEmpty();
        }
    }
}
