package org.schedproof.gpu.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/** The radix cache's per-node waiting sets on hand-built trees (block size 4). */
class RadixCacheTest {
    private final RadixCache cache = new RadixCache(4);
    private final List<Long> moved = new ArrayList<>();

    RadixCacheTest() {
        cache.onMove = s -> moved.add(s.request.id());
    }

    private static Sequence waiting(long id, Prompt p) {
        return new Sequence(new Request(id, "c", 0, p, 1), false);
    }

    @Test
    void insertionsMoveTheirWaitersDownAndEvictionsMoveThemUp() {
        // a: 13 tokens of key 1 (3 full blocks); b: the same first 8 tokens, then key 2 (so blocks 0 and 1 shared).
        Sequence a = waiting(0, Prompt.single(1, 13));
        Sequence b = waiting(1, new Prompt(new long[] {1, 2}, new int[] {8, 20}));
        cache.hang(a, 3);
        assertThat(a.matchBlocks).isZero();
        RadixCache.Node n0 = cache.insert(a.chainHash(0, 4), null, 10, 0);
        RadixCache.Node n1 = cache.insert(a.chainHash(1, 4), n0, 11, 0);
        assertThat(a.matchBlocks).isEqualTo(2);
        assertThat(moved).containsExactly(0L, 0L);
        cache.hang(b, 4); // walks the two shared blocks; b's third differs from a's
        assertThat(b.matchBlocks).isEqualTo(2);
        RadixCache.Node n2 = cache.insert(a.chainHash(2, 4), n1, 12, 0);
        assertThat(a.matchBlocks).isEqualTo(3);
        assertThat(b.matchBlocks).isEqualTo(2);
        assertThat(moved).containsExactly(0L, 0L, 0L);
        // Released leaf first: n2 goes, a moves up to 2; then n1 (now a leaf) goes, both move up to 1.
        cache.release(n2, 1);
        cache.release(n1, 1);
        cache.release(n0, 1);
        assertThat(cache.evict()).isEqualTo(12);
        assertThat(a.matchBlocks).isEqualTo(2);
        assertThat(cache.evict()).isEqualTo(11);
        assertThat(a.matchBlocks).isEqualTo(1);
        assertThat(b.matchBlocks).isEqualTo(1);
        // n1's waiters in the order they came to hang there: b, then a (back from n2).
        assertThat(moved).containsExactly(0L, 0L, 0L, 0L, 1L, 0L);
        // Reinserting block 1 brings both down again.
        cache.acquire(n0, 2);
        cache.insert(a.chainHash(1, 4), n0, 13, 2);
        assertThat(a.matchBlocks).isEqualTo(2);
        assertThat(b.matchBlocks).isEqualTo(2);
    }

    @Test
    void aMatchStopsAtItsCapAndAnUnhungRequestNoLongerMoves() {
        // c: 8 tokens, cap 1 (a hit must leave a token to compute); d: the same prompt, unhung before the insertions.
        Sequence c = waiting(2, Prompt.single(3, 8));
        Sequence d = waiting(3, Prompt.single(3, 8));
        cache.hang(c, 1);
        cache.hang(d, 1);
        cache.unhang(d);
        RadixCache.Node n0 = cache.insert(c.chainHash(0, 4), null, 0, 0);
        cache.insert(c.chainHash(1, 4), n0, 1, 0);
        assertThat(c.matchBlocks).isEqualTo(1);
        assertThat(d.matchBlocks).isZero();
        assertThat(moved).containsExactly(2L);
    }
}
