package org.schedproof.gpu.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.policy.Dlpm;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.gpu.core.WaitingPrefixes;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/** A hand-built DLPM pass, offered alike by the indexed ordering (from reports) and the reference (from a sort). */
class IndexedDlpmTest {
    private record Waiting(Request request, int cached) implements RequestView {
        @Override public int computed() { return 0; }
        @Override public int generated() { return 0; }
        @Override public int blocksHeld() { return 0; }
        @Override public int preemptions() { return 0; }
    }

    /** Four waiting requests of two clients; nothing runs. */
    private static final class View implements EngineView, WaitingPrefixes {
        final List<Waiting> waiting = new ArrayList<>();

        @Override public long nowUs() { return 0; }
        @Override public long stepIndex() { return 0; }
        @Override public EngineConfig config() { return EngineConfig.defaults().withBlocks(64, 4); }
        @Override public List<? extends RequestView> waiting() { return waiting; }
        @Override public List<? extends RequestView> running() { return List.of(); }
        @Override public int freeBlocks() { return 64; }
        @Override public int evictableBlocks() { return 0; }
        @Override public int cachedPrefixEvictableBlocks(long id) { return 0; }
        @Override public int releasableBlocks(long id) { return 0; }

        @Override
        public int cachedPrefixTokens(long id) {
            return waiting.stream().filter(w -> w.id() == id).findFirst().orElseThrow().cached();
        }

        @Override
        public void listen(Listener l) {
            for (int i = 0; i < waiting.size(); i++) l.entered(waiting.get(i), i, waiting.get(i).cached());
        }
    }

    private static List<Long> offers(Ordering o, View v) {
        for (Waiting w : v.waiting) o.onArrival(w.request(), 0);
        Ordering.Pass pass = o.pass(v);
        List<Long> offered = new ArrayList<>();
        for (RequestView r; (r = pass.next()) != null; ) {
            offered.add(r.id());
            if (r.id() != 2) pass.admitted(r, ((Waiting) r).cached(), 1); // r2 is tried but does not fit
        }
        return offered;
    }

    @Test
    void aClientWhoseGateClosesIsSkippedAndNoRefillWhileAnotherHasCredit() {
        // Quantum 8, 8-token prompts, de-duplication off. LPM order: r3 (4 cached), r0, r1, r2. Both deficits start
        // at 0, so the first sweep offers nothing and a refill gives each 8. Then r3 (c1 commits 8 - 4 = 4), r0 (c0
        // commits 8: its gate closes), r1 skipped (c0), r2 (c1: 8 - 4 > 0) tried; r1 remains but c0 and c1 still
        // hold deficit 8 > 0, so no refill: the pass ends without offering r1.
        View v = new View();
        v.waiting.add(new Waiting(new Request(0, "c0", 0, Prompt.single(10, 8), 1), 0));
        v.waiting.add(new Waiting(new Request(1, "c0", 0, Prompt.single(11, 8), 1), 0));
        v.waiting.add(new Waiting(new Request(2, "c1", 0, Prompt.single(12, 8), 1), 0));
        v.waiting.add(new Waiting(new Request(3, "c1", 0, Prompt.single(13, 8), 1), 4));
        Map<String, String> o = Map.of("quantum", "8", "inbatch-check", "-1");
        IndexedDlpm indexed = new IndexedDlpm(new PolicyOptions("dlpm", o));
        Dlpm reference = new Dlpm(new PolicyOptions("dlpm", o));
        assertThat(offers(indexed, v)).containsExactly(3L, 0L, 2L);
        assertThat(offers(reference, v)).containsExactly(3L, 0L, 2L);
        assertThat(indexed.witness()).isEqualTo(Map.of("dlpm.q.c0", 8L, "dlpm.q.c1", 8L, "dlpm.refills", 1L));
        assertThat(indexed.witness()).isEqualTo(reference.witness());
    }
}
