package org.schedproof.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.schedproof.conformance.fuzz.hunt.BoundHunt;

/**
 * Issue 13 item 6: a seeded bound hunt of 200 workloads reaches at least half of each proved bound (VTC's and DLPM's
 * service gap, LTR's starvation bound) and never exceeds it (a ratio above 1 would be a finding: this test would then
 * fail with the workload that shows it, and the bound must not be loosened to make it pass).
 */
class BoundHuntTest {
    /** Workloads one hunt runs: 50 fuzz cases, then 150 mutations of the best. */
    static final long EVALUATIONS = 200;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"vtc, ''", "dlpm, ''", "ltr, 'starvation=on,threshold=10,quantum=3'"})
    void aShortSeededHuntReachesHalfTheBoundAndNoMore(String policy, String params) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        for (String kv : params.split(",")) {
            if (!kv.isBlank()) p.put(kv.split("=")[0], kv.split("=")[1]);
        }
        BoundHunt.Result r = BoundHunt.run(Target.policy(policy, "sarathi", p, false), 1, EVALUATIONS, null, 20, null, null);
        assertThat(r.evaluations()).isEqualTo(EVALUATIONS);
        assertThat(r.best().ratio()).as(r.text()).isBetween(0.5, 1.0);
    }
}
