package org.schedproof.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DeficitLedger's refill against the closed form it must keep (the one before the kernel was split for KeY): rounds =
 * the least over backlogged clients of floor(-deficit / quantum) + 1, added times the quantum to every backlogged
 * client.
 */
class DeficitLedgerTest {
    @Test
    void roundsToPositiveIsTheClosedFormAtTheEdges() {
        long limit = DeficitLedger.LIMIT;
        long[][] cases = {{0, 1}, {0, limit}, {-1, 1}, {-limit, 1}, {-limit, limit}, {-limit, 3}, {-7, 7}, {-6, 7},
            {-8, 7}, {-limit + 1, 2}, {-(limit - 1), limit - 1}};
        for (long[] c : cases) {
            assertThat(DeficitLedger.roundsToPositive(c[0], c[1])).as("most %d quantum %d", c[0], c[1])
                    .isEqualTo(-c[0] / c[1] + 1);
        }
    }

    @Test
    void roundsToPositiveIsTheClosedFormOnRandomValues() {
        for (long seed = 1; seed <= 20_000; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            long quantum = 1 + (rng.nextBoolean() ? rng.nextLong(64) : rng.nextLong(DeficitLedger.LIMIT));
            long most = -(rng.nextBoolean() ? rng.nextLong(1000) : rng.nextLong(DeficitLedger.LIMIT + 1));
            assertThat(DeficitLedger.roundsToPositive(most, quantum)).as("seed %d", seed)
                    .isEqualTo(-most / quantum + 1);
        }
    }

    @Test
    void refillAddsTheLeastRoundsThatServeSomeoneToEveryBackloggedClient() {
        for (long seed = 1; seed <= 2_000; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            long quantum = 1 + rng.nextLong(rng.nextBoolean() ? 10 : 1000);
            DeficitLedger ledger = new DeficitLedger(quantum);
            int n = rng.nextInt(1, 20);
            boolean[] backlogged = new boolean[n];
            long[] before = new long[n];
            for (int i = 0; i < n; i++) {
                ledger.addClient();
                ledger.charge(i, rng.nextLong(5 * quantum + 2));
                backlogged[i] = rng.nextInt(3) > 0;
                before[i] = ledger.deficit(i);
            }
            backlogged[rng.nextInt(n)] = true;
            long expected = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                if (backlogged[i]) expected = Math.min(expected, -before[i] / quantum + 1);
            }
            long rounds = ledger.refill(backlogged);
            assertThat(rounds).as("seed %d", seed).isEqualTo(expected);
            assertThat(ledger.refills()).isEqualTo(expected);
            boolean someonePositive = false;
            for (int i = 0; i < n; i++) {
                long want = backlogged[i] ? before[i] + expected * quantum : before[i];
                assertThat(ledger.deficit(i)).as("seed %d client %d", seed, i).isEqualTo(want);
                someonePositive |= backlogged[i] && ledger.deficit(i) > 0;
            }
            assertThat(someonePositive).isTrue();
        }
    }
}
