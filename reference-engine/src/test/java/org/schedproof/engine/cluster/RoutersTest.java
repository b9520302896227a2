package org.schedproof.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;

/** Each router's choice on hand-built worker states (load in outstanding tokens, cached prefix of the request). */
class RoutersTest {
    record Fake(int index, long outstandingTokens, int hit) implements Router.WorkerView {
        @Override
        public EngineView engine() {
            throw new UnsupportedOperationException("not needed by the baseline routers");
        }

        @Override
        public int cachedPrefixTokens(Request request) {
            return hit;
        }
    }

    static final Request R = new Request(0, "a", 0, new Prompt(new long[] {1}, new int[] {64}), 8);

    static List<Fake> workers(long[] load, int[] hit) {
        List<Fake> out = new ArrayList<>();
        for (int i = 0; i < load.length; i++) out.add(new Fake(i, load[i], hit[i]));
        return out;
    }

    @Test
    void roundRobinCyclesWhateverTheLoad() {
        Router r = Routers.create("round-robin", Map.of());
        List<Fake> w = workers(new long[] {900, 0, 0}, new int[] {0, 0, 48});
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < 7; i++) picks.add(r.route(R, w));
        assertThat(picks).containsExactly(0, 1, 2, 0, 1, 2, 0);
    }

    @Test
    void leastLoadedPicksTheLeastLoadTiesToTheLowestIndex() {
        Router r = Routers.create("least-loaded", Map.of());
        assertThat(r.route(R, workers(new long[] {50, 30, 30, 40}, new int[] {48, 0, 0, 0}))).isEqualTo(1);
        assertThat(r.route(R, workers(new long[] {7, 7, 7}, new int[] {0, 0, 0}))).isEqualTo(0);
        assertThat(r.route(R, workers(new long[] {9, 8, 7}, new int[] {0, 0, 0}))).isEqualTo(2);
    }

    @Test
    void cacheAwarePrefersTheWorkerHoldingThePrefixUnlessItsLoadExceedsTheThreshold() {
        long[] load = {300, 100, 0};
        int[] hit = {48, 16, 0};
        // Loads within 300 of the least (0): all three; worker 0 holds the longest prefix.
        assertThat(Routers.create("cache-aware", Map.of("threshold", "300")).route(R, workers(load, hit))).isEqualTo(0);
        // Within 299: workers 1 and 2; worker 1 holds 16 tokens.
        assertThat(Routers.create("cache-aware", Map.of("threshold", "299")).route(R, workers(load, hit))).isEqualTo(1);
        // Within 99: only worker 2.
        assertThat(Routers.create("cache-aware", Map.of("threshold", "99")).route(R, workers(load, hit))).isEqualTo(2);
    }

    @Test
    void cacheAwareBreaksEqualMatchesByLoadThenIndex() {
        Router r = Routers.create("cache-aware", Map.of());
        assertThat(r.route(R, workers(new long[] {20, 10, 10}, new int[] {32, 32, 32}))).isEqualTo(1);
        assertThat(r.route(R, workers(new long[] {20, 10, 10}, new int[] {0, 0, 0}))).isEqualTo(1);
        assertThat(r.parameters()).containsEntry("threshold", Long.toString(CacheAware.DEFAULT_THRESHOLD));
    }

    @Test
    void unknownRouterOrOptionIsNamed() {
        assertThatThrownBy(() -> Routers.create("random", Map.of())).hasMessageContaining("unknown router 'random'")
                .hasMessageContaining("round-robin");
        assertThatThrownBy(() -> Routers.create("round-robin", Map.of("threshold", "1")))
                .hasMessageContaining("unknown option(s) [threshold]");
        assertThatThrownBy(() -> Routers.create("cache-aware", Map.of("threshold", "-1")))
                .hasMessageContaining("threshold=-1");
    }
}
