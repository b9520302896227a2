package org.schedproof.gpu.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.RequestView;

/** The index's LPM order and incremental de-duplication on hand-built queues (block size 4). */
class LpmIndexTest {
    private record Waiting(Request request) implements RequestView {
        @Override public int computed() { return 0; }
        @Override public int generated() { return 0; }
        @Override public int blocksHeld() { return 0; }
        @Override public int preemptions() { return 0; }
    }

    private static Waiting req(long id, Prompt p) {
        return new Waiting(new Request(id, "c" + id % 2, 0, p, 1));
    }

    private static List<Long> order(LpmIndex index) {
        index.settle();
        return ids(index.order());
    }

    private static List<Long> ids(Iterable<LpmIndex.Entry> entries) {
        List<Long> ids = new ArrayList<>();
        for (LpmIndex.Entry e : entries) ids.add(e.request.id());
        return ids;
    }

    @Test
    void longerCachedPrefixFirstThenArrival() {
        LpmIndex index = new LpmIndex(-1, -1, 4, null); // de-duplication off
        Waiting a = req(0, Prompt.single(1, 20)), b = req(1, Prompt.single(2, 20)), c = req(2, Prompt.single(3, 20));
        index.entered(a, 0, 0);
        index.entered(b, 1, 8);
        index.entered(c, 2, 8);
        assertThat(order(index)).containsExactly(1L, 2L, 0L); // 8, 8 (by rank), then 0
        index.cachedChanged(a, 0, 12);
        assertThat(order(index)).containsExactly(0L, 1L, 2L);
        index.left(b, 1);
        assertThat(order(index)).containsExactly(0L, 2L);
    }

    @Test
    void aLaterSharerOfAnEarlierContributorsPrefixGoesLast() {
        // check 8, min 4: a request cached at most 8 asks for block ceil((cached + 4) / 4) - 1 of its chain.
        LpmIndex index = new LpmIndex(8, 4, 4, null);
        Waiting x = req(0, Prompt.single(1, 16)), y = req(1, Prompt.single(1, 16)), z = req(2, Prompt.single(2, 16));
        index.entered(x, 0, 0);
        index.entered(y, 1, 0);
        index.entered(z, 2, 0);
        assertThat(order(index)).containsExactly(0L, 2L, 1L); // y asks x's block 0: deprioritized
        index.cachedChanged(x, 0, 12); // above check: x no longer contributes, so y is not late
        assertThat(order(index)).containsExactly(0L, 1L, 2L);
        index.cachedChanged(x, 0, 8); // x contributes again (asking its block 2, which nobody earlier has)
        assertThat(order(index)).containsExactly(0L, 2L, 1L);
        index.left(x, 0); // y is the earliest of its prefix again
        assertThat(order(index)).containsExactly(1L, 2L);
    }

    @Test
    void flipsPropagateInArrivalOrder() {
        // b shares a's block 0 only; c is b's prompt with 4 cached, so it asks b's block 1, which only b contributes.
        LpmIndex index = new LpmIndex(8, 4, 4, null);
        Prompt bPrompt = new Prompt(new long[] {1, 5}, new int[] {4, 16});
        Waiting a = req(0, Prompt.single(1, 16)), b = req(1, bPrompt), c = req(2, bPrompt);
        index.entered(b, 1, 0);
        index.entered(c, 2, 4);
        assertThat(order(index)).containsExactly(1L, 2L); // c late behind b
        index.entered(a, 0, 0); // a re-enters (preempted): b asks a's block 0 and goes late, so b's block 1 leaves the table and c is on time
        assertThat(order(index)).containsExactly(2L, 0L, 1L);
        index.left(a, 0); // and back
        assertThat(order(index)).containsExactly(1L, 2L);
    }

    @Test
    void perClientSetsFollowTheSameKeys() {
        LpmIndex index = new LpmIndex(-1, -1, 4, r -> (int) (r.id() % 2));
        for (long id = 0; id < 4; id++) index.entered(req(id, Prompt.single(id, 20)), id, (int) id * 4);
        index.settle();
        assertThat(ids(index.ofClient(0))).containsExactly(2L, 0L);
        assertThat(ids(index.ofClient(1))).containsExactly(3L, 1L);
        assertThat(index.ofClient(5)).isEmpty();
    }
}
