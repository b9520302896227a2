package org.schedproof.gpu.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.alise.Alise;
import org.schedproof.gpu.core.WaitingPrefixes;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

class IndexedAliseTest {
    /** A waiting request as a view: nothing computed or generated. */
    private record Waiting(Request request) implements RequestView {
        public int computed() { return 0; }
        public int generated() { return 0; }
        public int blocksHeld() { return 0; }
        public int preemptions() { return 0; }
    }

    /** A view that offers the reports; only listen() is read by the index. */
    private static final class ReportingView implements EngineView, WaitingPrefixes {
        WaitingPrefixes.Listener listener;

        public void listen(Listener l) { listener = l; }
        public long nowUs() { return 0; }
        public long stepIndex() { return 0; }
        public EngineConfig config() { return EngineConfig.defaults(); }
        public List<? extends RequestView> waiting() { return List.of(); }
        public List<? extends RequestView> running() { return List.of(); }
        public int freeBlocks() { return 0; }
        public int evictableBlocks() { return 0; }
        public int cachedPrefixTokens(long id) { throw new AssertionError("the index must not ask"); }
        public int cachedPrefixEvictableBlocks(long id) { return 0; }
        public int releasableBlocks(long id) { return 0; }
    }

    private static Waiting request(long id, long arrival, int promptLength) {
        return new Waiting(new Request(id, "c", arrival, new Prompt(new long[] {id}, new int[] {promptLength}), 1));
    }

    /** Estimate: the prompt positions left to compute, so the order is derived by hand from the hits. */
    @Test
    void ordersByEstimateAndReEstimatesOnlyJobsWhosePrefixChanged() {
        IndexedAlise index = new IndexedAlise();
        ReportingView v = new ReportingView();
        List<Long> estimated = new ArrayList<>();
        Alise.Estimator estimate = (r, computed) -> {
            estimated.add(r.id());
            return r.request().promptLength() - computed;
        };
        assertThat(index.waiting(v, estimate).hasNext()).isFalse(); // first read: starts listening
        Waiting a = request(0, 0, 30), b = request(1, 5, 20), c = request(2, 9, 20);
        v.listener.entered(a, 0, 0);
        v.listener.entered(b, 1, 0);
        v.listener.entered(c, 2, 0);
        // estimates 30, 20, 20: b and c tie, b arrived first
        assertThat(ids(index.waiting(v, estimate))).containsExactly(1L, 2L, 0L);
        assertThat(estimated).containsExactlyInAnyOrder(0L, 1L, 2L);
        estimated.clear();
        v.listener.cachedChanged(a, 0, 16); // a: 30 - 16 = 14, now first
        assertThat(ids(index.waiting(v, estimate))).containsExactly(0L, 1L, 2L);
        assertThat(estimated).containsExactly(0L);
        v.listener.left(b, 1);
        v.listener.cachedChanged(c, 2, 8); // c: 12, before a
        assertThat(ids(index.waiting(v, estimate))).containsExactly(2L, 0L);
    }

    private static List<Long> ids(java.util.Iterator<Alise.Estimated> it) {
        List<Long> out = new ArrayList<>();
        it.forEachRemaining(e -> out.add(e.view().id()));
        return out;
    }
}
