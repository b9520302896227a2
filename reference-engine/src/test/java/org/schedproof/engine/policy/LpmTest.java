package org.schedproof.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.Schedulers;
import org.schedproof.spec.Prompt;

/** ORDER-LPM on hand-built queues: expected orders are read off the cached prefixes and shared segments by hand. */
class LpmTest {
    private static Lpm lpm(Map<String, String> options) {
        return new Lpm(new PolicyOptions("lpm", options));
    }

    /** A prompt whose first {@code shared} tokens are segment {@code key}, then {@code rest} tokens of its own. */
    private static Prompt sharing(long key, int shared, long own, int rest) {
        return new Prompt(new long[] {key, own}, new int[] {shared, shared + rest});
    }

    @Test
    void orderLpmLongerCachedPrefixFirstTiesByArrival() {
        FakeView v = new FakeView();
        v.wait(0, "a", 100, 0);
        v.wait(1, "a", 100, 32);
        v.wait(2, "b", 100, 16);
        v.wait(3, "b", 100, 32);
        // cached 32 (ids 1, 3 by arrival), then 16 (id 2), then 0 (id 0).
        assertThat(FakeView.drain(lpm(Map.of()).pass(v), v)).containsExactly(1L, 3L, 2L, 0L);
    }

    @Test
    void orderLpmInBatchDuplicateOfAnUncachedPrefixWaitsForTheFirst() {
        FakeView v = new FakeView();
        v.wait(0, "a", sharing(7, 64, 100, 20), 0);
        v.wait(1, "b", sharing(7, 64, 101, 20), 0);
        v.wait(2, "c", 50, 0);
        // 1 shares 64 uncached tokens (4 blocks >= 32) with 0, which arrived first: 1 goes last.
        assertThat(FakeView.drain(lpm(Map.of()).pass(v), v)).containsExactly(0L, 2L, 1L);
        // Turned off, arrival order stands.
        assertThat(FakeView.drain(lpm(Map.of("inbatch-min", "-1")).pass(v), v)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void orderLpmInBatchThresholdCountsWholeBlocksBeyondTheCachedPrefix() {
        FakeView v = new FakeView();
        v.wait(0, "a", sharing(7, 31, 100, 40), 0);
        v.wait(1, "a", sharing(7, 31, 101, 40), 0);
        v.wait(2, "b", sharing(8, 48, 102, 40), 16);
        v.wait(3, "b", sharing(8, 48, 103, 40), 16);
        v.wait(4, "c", sharing(9, 64, 104, 40), 48);
        v.wait(5, "c", sharing(9, 64, 105, 40), 48);
        // 0/1 share 31 tokens = 1 full block < 32: no change. 2/3 share 48 = 16 cached + 32 beyond: 3 deprioritized.
        // 4/5 have 48 cached > check 32: not checked. Order: cached 48 (4, 5), 16 (2), 0 (0, 1), then late 3.
        assertThat(FakeView.drain(lpm(Map.of()).pass(v), v)).containsExactly(4L, 5L, 2L, 0L, 1L, 3L);
        // With a 16-token threshold 1 shares enough too (1 block >= 0 + 16); late ones keep LPM order: 3 then 1.
        assertThat(FakeView.drain(lpm(Map.of("inbatch-min", "16")).pass(v), v)).containsExactly(4L, 5L, 2L, 0L, 3L, 1L);
    }

    @Test
    void orderLpmADeprioritizedRequestDoesNotDeprioritizeOthers() {
        FakeView v = new FakeView();
        v.wait(0, "a", sharing(7, 64, 100, 20), 0);
        v.wait(1, "a", sharing(7, 64, 101, 20), 0);
        v.wait(2, "a", sharing(7, 64, 102, 20), 0);
        // Both 1 and 2 match 0 (the only entry of the table); the late ones keep arrival order.
        assertThat(FakeView.drain(lpm(Map.of()).pass(v), v)).containsExactly(0L, 1L, 2L);
        v.wait(3, "b", 10, 0);
        assertThat(FakeView.drain(lpm(Map.of()).pass(v), v)).containsExactly(0L, 3L, 1L, 2L);
    }

    @Test
    void chainHashesArePinned() {
        // spec/WORKLOAD.md "Block chain hashes": computed here and, independently, by ports/python/dlpm_sarathi.py.
        long[] chain = new Prompt(new long[] {7, -1}, new int[] {20, 40}).blockChain(16, 2);
        assertThat(chain).containsExactly(0xbe18cb4cdf978862L, 0x39ff63ddeab38cb8L);
    }

    @Test
    void chainHashesNameEqualPrefixesWhateverTheSegmentation() {
        // Key 7 over [0, 64) versus key 7 over [0, 32) then key 8: blocks 0 and 1 are the same tokens, 2 and 3 differ.
        long[] a = Prompt.single(7, 64).blockChain(16, 4);
        long[] b = new Prompt(new long[] {7, 8}, new int[] {32, 64}).blockChain(16, 4);
        assertThat(a[0]).isEqualTo(b[0]);
        assertThat(a[1]).isEqualTo(b[1]);
        assertThat(a[2]).isNotEqualTo(b[2]);
        assertThat(a[3]).isNotEqualTo(b[3]);
    }

    @Test
    void unknownOrBadOptionsAreNamed() {
        assertThatThrownBy(() -> Schedulers.create("lpm", "sarathi", Map.of("inbatch-min", "x")))
                .hasMessageContaining("inbatch-min=x");
        assertThatThrownBy(() -> Schedulers.create("lpm", "sarathi", Map.of("quantum", "5")))
                .hasMessageContaining("unknown option(s) [quantum]");
        assertThat(Schedulers.create("lpm", "sarathi").parameters()).containsEntry("inbatch-check", "32")
                .containsEntry("inbatch-min", "32");
        assertThat(List.of(Schedulers.create("lpm", "prefill-first").name())).containsExactly("lpm/prefill-first");
    }
}
