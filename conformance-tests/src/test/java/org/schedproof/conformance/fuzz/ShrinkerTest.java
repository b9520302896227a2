package org.schedproof.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.schedproof.conformance.fuzz.gen.Generators;
import org.schedproof.conformance.fuzz.shrink.Shrinker;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;

/** Delta debugging keeps the failure and removes everything else, under a failure defined here (no engine). */
class ShrinkerTest {
    /** Fails when some request of client-1 has a prompt of at least 30 tokens and another arrives after it. */
    static boolean fails(Workload w, EngineConfig c) {
        List<Request> rs = w.requests();
        for (int i = 0; i < rs.size(); i++) {
            Request r = rs.get(i);
            if (r.client().equals("client-1") && r.promptLength() >= 30 && i + 1 < rs.size()) return true;
        }
        return false;
    }

    @Test
    void shrinksToTheTwoRequestsTheFailureNeedsWithTheirLengthsAndEngineCut() {
        int tried = 0;
        for (long seed = 0; seed < 300; seed++) {
            FuzzCase c = Generators.generate(seed, 20);
            if (!fails(c.workload(), c.config())) continue;
            tried++;
            Shrinker.Result r = new Shrinker(ShrinkerTest::fails, 5000).shrink(c.workload(), c.config());
            assertThat(fails(r.workload(), r.config())).as("seed %d still fails", seed).isTrue();
            List<Request> rs = r.workload().requests();
            assertThat(rs).as("seed %d", seed).hasSize(2);
            assertThat(rs.get(0).promptLength()).as("seed %d: halving stops at the threshold", seed).isBetween(30, 59);
            assertThat(rs.get(1).promptLength()).isEqualTo(1);
            assertThat(rs).allSatisfy(q -> assertThat(q.maxNewTokens()).isEqualTo(1));
            assertThat(rs).allSatisfy(q -> assertThat(q.arrivalUs()).isZero());
            assertThat(r.config().host().blocks()).isZero();
            assertThat(r.config().tokenBudget()).isEqualTo(1);
            assertThat(r.config().maxRunning()).isEqualTo(1);
            // and it is deterministic
            Shrinker.Result again = new Shrinker(ShrinkerTest::fails, 5000).shrink(c.workload(), c.config());
            assertThat(again.workload().digest()).isEqualTo(r.workload().digest());
        }
        assertThat(tried).as("cases of 300 seeds that fail").isGreaterThan(5);
    }

    @Test
    void aBudgetOfRunsIsRespected() {
        FuzzCase c = Generators.generate(3, 20);
        int[] calls = {0};
        Shrinker.Result r = new Shrinker((w, cfg) -> ++calls[0] > 0, 7).shrink(c.workload(), c.config());
        assertThat(calls[0]).isLessThanOrEqualTo(7);
        assertThat(r.runs()).isEqualTo(calls[0]);
    }
}
