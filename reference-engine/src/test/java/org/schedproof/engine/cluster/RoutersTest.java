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
    void d2lpmSpillsAClientToAnotherWorkerWhenItsPerWorkerDeficitIsExhausted() {
        D2lpm r = (D2lpm) Routers.create("d2lpm", Map.of("worker-quantum", "100"));
        List<Fake> w = workers(new long[] {0, 0, 0}, new int[] {48, 0, 0});
        // R: prompt 64, 8 output tokens. Cost on worker 0 (48 cached): 16 + 2*8 = 32; elsewhere 64 + 16 = 80.
        // First request: all deficits 0, refill to 100 each; worker 0 has the longest match: 100 - 32 = 68.
        List<Integer> picks = new ArrayList<>();
        List<Long> q0 = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            picks.add(r.route(R, w));
            q0.add(r.deficitOn("a", 0));
        }
        // Worker 0: 68, 36, 4, -28 (4 was still positive); exhausted, the client spills to worker 1 (100 -> 20 -> -60),
        // then worker 2 (the same); then all are exhausted: one round refills each (72, 40, 40), worker 0 wins again.
        assertThat(picks).containsExactly(0, 0, 0, 0, 1, 1, 2, 2, 0);
        assertThat(q0).containsExactly(68L, 36L, 4L, -28L, -28L, -28L, -28L, -28L, 40L);
        assertThat(r.deficitOn("a", 1)).isEqualTo(40);
        // Another client has its own per-worker deficits: it starts at worker 0.
        Request b = new Request(1, "b", 0, R.prompt(), 8);
        assertThat(r.route(b, w)).isZero();
    }

    @Test
    void d2lpmFallbackLeastLoadedSendsAnExhaustedClientToTheLeastLoadedWorker() {
        Router r = Routers.create("d2lpm", Map.of("worker-quantum", "100", "fallback", "least-loaded"));
        List<Fake> w = workers(new long[] {0, 500, 70}, new int[] {48, 0, 0});
        // First request: nobody has a positive deficit, so the least loaded (worker 0) gets it; the refill (100 each)
        // comes before the charge: 68.
        assertThat(r.route(R, w)).isZero();
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) picks.add(r.route(R, w));
        // Worker 0: 68 -> 36 -> 4 -> -28; then worker 2 (less load than worker 1): 20, -60; then worker 1.
        assertThat(picks).containsExactly(0, 0, 0, 2, 2, 1);
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
