package org.schedproof.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A block chain continued from a prefix of it is the chain computed at once. */
class PromptChainTest {
    @Test
    void aContinuedChainIsTheChainComputedAtOnce() {
        for (long seed = 0; seed < 500; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int segments = 1 + rnd.nextInt(6);
            long[] keys = new long[segments];
            int[] ends = new int[segments];
            for (int s = 0, end = 0; s < segments; s++) {
                keys[s] = rnd.nextLong();
                ends[s] = end += 1 + rnd.nextInt(40);
            }
            Prompt p = new Prompt(keys, ends);
            int blockSize = 1 + rnd.nextInt(16);
            int full = p.length() / blockSize;
            long[] whole = p.blockChain(blockSize, full);
            int first = rnd.nextInt(full + 1);
            long[] known = p.blockChain(blockSize, first);
            assertThat(p.blockChain(blockSize, full, known)).as("seed %d", seed).containsExactly(whole);
            assertThat(p.blockChain(blockSize, first, known)).as("seed %d, nothing to add", seed).containsExactly(known);
            // in place, in two pieces, into a reused array longer than the chain and full of another's hashes
            long[] reused = rnd.longs(full + rnd.nextInt(8)).toArray();
            p.continueChain(blockSize, reused, 0, first);
            p.continueChain(blockSize, reused, first, full);
            assertThat(Arrays.copyOf(reused, full)).as("seed %d, in place", seed).containsExactly(whole);
            // the chain's hashes depend on its prefix: a different first key changes every hash
            if (full > 0) {
                long[] changed = keys.clone();
                changed[0]++;
                assertThat(new Prompt(changed, ends).blockChain(blockSize, full)[full - 1])
                        .as("seed %d", seed).isNotEqualTo(whole[full - 1]);
            }
        }
    }
}
