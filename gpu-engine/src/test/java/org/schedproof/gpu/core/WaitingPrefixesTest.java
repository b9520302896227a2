package org.schedproof.gpu.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.spec.Batch;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.Scheduler;

/** The view's reports rebuild, at every iteration, exactly the waiting requests and their cached prefixes. */
class WaitingPrefixesTest {
    @Test
    void theReportsAgreeWithTheViewAtEveryIteration() {
        for (long seed = 0; seed < 60; seed++) {
            RandomCases c = RandomCases.of(seed, false, ModelSpec.OFF);
            Mirror m = new Mirror(Schedulers.create("lpm", "sarathi"), seed);
            Traces.fast(c.config(), m, c.requests());
            assertThat(m.checked).as("seed " + seed).isPositive();
        }
    }

    /** Wraps a scheduler; keeps what the reports say and compares it with the view before each decision. */
    private static final class Mirror implements Scheduler, WaitingPrefixes.Listener {
        private final Scheduler inner;
        private final long seed;
        private final Map<Long, Integer> cached = new HashMap<>();
        private final Map<Long, Long> ranks = new HashMap<>();
        private long lastRank = -1;
        private boolean listening;
        int checked;

        Mirror(Scheduler inner, long seed) {
            this.inner = inner;
            this.seed = seed;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Batch schedule(EngineView view) {
            if (!listening) {
                ((WaitingPrefixes) view).listen(this);
                listening = true;
            }
            Map<Long, Integer> fromView = new HashMap<>();
            for (RequestView w : view.waiting()) fromView.put(w.id(), view.cachedPrefixTokens(w.id()));
            assertThat(cached).as("seed " + seed + ", step " + view.stepIndex()).isEqualTo(fromView);
            checked++;
            return inner.schedule(view);
        }

        @Override
        public void entered(RequestView r, long rank, int cachedTokens) {
            assertThat(cached.put(r.id(), cachedTokens)).as("seed " + seed + ": entered twice").isNull();
            assertThat(ranks.computeIfAbsent(r.id(), id -> rank)).as("seed " + seed + ": one rank per request")
                    .isEqualTo(rank);
            if (r.preemptions() == 0) { // first arrivals come in rank order
                assertThat(rank).isGreaterThan(lastRank);
                lastRank = rank;
            }
        }

        @Override
        public void left(RequestView r, long rank) {
            assertThat(cached.remove(r.id())).as("seed " + seed + ": left while not waiting").isNotNull();
            assertThat(rank).as("seed " + seed + ": the rank it entered with").isEqualTo(ranks.get(r.id()));
        }

        @Override
        public void cachedChanged(RequestView r, long rank, int cachedTokens) {
            assertThat(cached.put(r.id(), cachedTokens)).as("seed " + seed + ": change of one not waiting").isNotNull();
            assertThat(rank).as("seed " + seed + ": the rank it entered with").isEqualTo(ranks.get(r.id()));
        }
    }
}
