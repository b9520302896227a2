package org.schedproof.gpu.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/** The radix cache's per-node waiting sets on hand-built trees (block size 4), and its eviction order. */
class RadixCacheTest {
    private final RadixCache cache = new RadixCache(4);
    private final List<Long> moved = new ArrayList<>();

    RadixCacheTest() {
        cache.track(List.of()); // waiting requests hang in it, as when a policy listens
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

    /**
     * On random trees used as the engine uses them (a request holds a chain from the root, releases it deepest first,
     * and extends it by inserting), every eviction takes the least recently used unreferenced leaf, the older node
     * first among equals: the order of the sorted set the cache once kept, found here by scanning every node.
     */
    @Test
    void evictionsTakeTheLeastRecentlyUsedLeafOnRandomTrees() {
        for (long seed = 0; seed < 300; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            RadixCache c = new RadixCache(4);
            List<RadixCache.Node> live = new ArrayList<>();
            List<List<RadixCache.Node>> holders = new ArrayList<>();
            long now = 0;
            int evictions = 0;
            for (int op = 0; op < 400; op++) {
                now += rng.nextInt(3) == 0 ? 1 : 0; // many ties: the creation order decides them
                int what = rng.nextInt(10);
                if (what < 3 || holders.isEmpty()) { // a request arrives holding a cached chain (or nothing)
                    List<RadixCache.Node> chain = new ArrayList<>();
                    if (!live.isEmpty() && rng.nextInt(4) > 0) {
                        for (RadixCache.Node n = live.get(rng.nextInt(live.size())); n != null; n = n.parent) {
                            chain.add(0, n);
                        }
                    }
                    for (RadixCache.Node n : chain) c.acquire(n, now);
                    holders.add(chain);
                } else if (what < 6) { // it computes a block more
                    List<RadixCache.Node> chain = holders.get(rng.nextInt(holders.size()));
                    RadixCache.Node parent = chain.isEmpty() ? null : chain.get(chain.size() - 1);
                    RadixCache.Node n = c.insert(1000L * seed + op, parent, op, now);
                    chain.add(n);
                    live.add(n);
                } else if (what < 8) { // it finishes or is preempted: deepest block first
                    List<RadixCache.Node> chain = holders.remove(rng.nextInt(holders.size()));
                    for (int k = chain.size() - 1; k >= 0; k--) c.release(chain.get(k), now);
                } else if (c.evictable() > 0) {
                    RadixCache.Node expected = null;
                    for (RadixCache.Node n : live) {
                        if (n.refs == 0 && n.children == 0 && (expected == null || n.lastUsed < expected.lastUsed
                                || n.lastUsed == expected.lastUsed && n.seq < expected.seq)) {
                            expected = n;
                        }
                    }
                    assertThat(c.evict()).as("seed %d, op %d", seed, op).isEqualTo(expected.block);
                    live.remove(expected);
                    evictions++;
                }
            }
            for (List<RadixCache.Node> chain : holders) { // every request leaves: the rest go in order
                for (int k = chain.size() - 1; k >= 0; k--) c.release(chain.get(k), now);
            }
            while (c.evictable() > 0) {
                RadixCache.Node expected = null;
                for (RadixCache.Node n : live) {
                    if (n.children == 0 && (expected == null || n.lastUsed < expected.lastUsed
                            || n.lastUsed == expected.lastUsed && n.seq < expected.seq)) {
                        expected = n;
                    }
                }
                assertThat(c.evict()).as("seed %d, draining", seed).isEqualTo(expected.block);
                live.remove(expected);
                evictions++;
            }
            assertThat(live).as("seed %d", seed).isEmpty();
            assertThat(evictions).as("seed %d", seed).isPositive();
        }
    }
}
