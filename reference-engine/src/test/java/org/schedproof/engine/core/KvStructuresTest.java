package org.schedproof.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The KV pool's last-released-first rule and the prefix cache's LRU, leaf-first eviction, against simple models. */
class KvStructuresTest {
    @Test
    void poolHandsOutTheLastReleasedBlockAndRefusesADoubleFree() {
        for (long seed = 1; seed <= 20; seed++) {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
            KvPool pool = new KvPool(64, 16, 0);
            // the written rule as a model: a stack of free blocks, 0 on top when fresh, released blocks pushed on top
            ArrayDeque<Integer> model = new ArrayDeque<>();
            for (int b = 0; b < 64; b++) model.addLast(b);
            List<Integer> held = new ArrayList<>();
            for (int op = 0; op < 2_000; op++) {
                if (!model.isEmpty() && (held.isEmpty() || rng.nextBoolean())) {
                    int b = pool.allocate();
                    assertThat(b).as("seed %d op %d", seed, op).isEqualTo(model.pollFirst());
                    held.add(b);
                } else {
                    int b = held.remove(rng.nextInt(held.size()));
                    pool.release(b);
                    model.addFirst(b);
                }
                assertThat(pool.freeCount()).as("seed %d op %d", seed, op).isEqualTo(model.size());
            }
            int someFree = model.getFirst();
            assertThatThrownBy(() -> pool.release(someFree)).hasMessageContaining("released twice");
            assertThatThrownBy(() -> pool.release(64)).hasMessageContaining("not in the pool");
        }
    }

    @Test
    void cacheEvictsTheLeastRecentlyUsedUnreferencedLeafAndNeverAReferencedOne() {
        PrefixCache cache = new PrefixCache();
        // chain a0 <- a1 <- a2 and a sibling branch a0 <- b1
        PrefixCache.Node a0 = cache.insert(10, null, 100, 0);
        PrefixCache.Node a1 = cache.insert(11, a0, 101, 1);
        PrefixCache.Node a2 = cache.insert(12, a1, 102, 2);
        cache.acquire(a0, 3);
        PrefixCache.Node b1 = cache.insert(21, a0, 201, 3);
        assertThat(cache.evictable()).isZero();
        cache.release(b1, 4);
        cache.release(a0, 4);
        assertThat(cache.evictable()).isEqualTo(1); // a0 still held by the a-chain's owner
        cache.release(a2, 5);
        cache.release(a1, 5);
        cache.release(a0, 5);
        assertThat(cache.evictable()).isEqualTo(4);
        // b1 (last used at 4) is older than a2 (5); a0 is no leaf while children remain
        assertThat(cache.evict()).isEqualTo(201);
        assertThat(cache.evict()).isEqualTo(102);
        assertThat(cache.evict()).isEqualTo(101);
        assertThat(cache.evict()).isEqualTo(100);
        assertThat(cache.evictable()).isZero();
        assertThat(cache.get(10)).isNull();
    }

    @Test
    void aReacquiredNodeIsNotEvictable() {
        PrefixCache cache = new PrefixCache();
        PrefixCache.Node a = cache.insert(1, null, 7, 0);
        PrefixCache.Node b = cache.insert(2, null, 8, 0);
        cache.release(a, 1);
        cache.release(b, 2);
        cache.acquire(a, 3);
        assertThat(cache.evictable()).isEqualTo(1);
        assertThat(cache.evict()).isEqualTo(8);
        assertThatThrownBy(cache::evict).isInstanceOf(IllegalStateException.class);
    }
    @Test
    void cacheFindsEveryNodeByHashThroughGrowthAndEvictionsEvenWhenHashesShareABucket() {
        for (long seed = 1; seed <= 10; seed++) {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
            PrefixCache cache = new PrefixCache();
            java.util.Map<Long, PrefixCache.Node> model = new java.util.HashMap<>();
            java.util.Map<Integer, Long> hashOfBlock = new java.util.HashMap<>();
            int block = 0;
            for (int op = 0; op < 3_000; op++) {
                if (model.isEmpty() || rng.nextInt(3) > 0) {
                    // low 12 bits from a small set: long chains in one bucket, unlinked from their heads, middles and tails
                    long h = (rng.nextLong() & ~0xFFFL) | rng.nextInt(4);
                    if (model.containsKey(h)) continue;
                    PrefixCache.Node n = cache.insert(h, null, block, op);
                    cache.release(n, op);
                    model.put(h, n);
                    hashOfBlock.put(block++, h);
                } else {
                    int evicted = cache.evict();
                    assertThat(model.remove(hashOfBlock.get(evicted))).as("seed %d op %d", seed, op).isNotNull();
                }
                assertThat(cache.size()).as("seed %d op %d", seed, op).isEqualTo(model.size());
            }
            for (var e : model.entrySet()) assertThat(cache.get(e.getKey())).as("seed %d", seed).isSameAs(e.getValue());
            for (long h : hashOfBlock.values()) if (!model.containsKey(h)) assertThat(cache.get(h)).isNull();
        }
    }
}
