package org.schedproof.gpu.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.policy.Vtc;

/**
 * VTC and its LCF baseline (reference-engine {@code policy/Vtc}, spec/FAIRNESS.md section 2; Sheng et al., OSDI'24,
 * section 4) with the least-counter backlogged client kept in a sorted set instead of found by a scan of every client:
 * O(log C) per offer instead of O(C). The set orders backlogged clients by (counter, client index), the tie-break of
 * the reference's {@code VtcCounters.argMin}; a pass's scratch changes (the clients it charged) go to a second set,
 * and the first set's entries for those clients are skipped, so a pass costs O(admissions x log C). Everything else
 * (counters, queues, lift, charges, witness) is the reference's {@code Vtc}.
 */
public final class IndexedVtc implements Vtc.ClientRanking {
    /** The counter each client is filed under in {@link #backlogged}, and in {@link #scratch} during a pass. */
    private long[] key = new long[8];
    private long[] scratchKey = new long[8];
    private boolean[] filed = new boolean[8];
    private boolean[] touched = new boolean[8];
    private final List<Integer> touchedList = new ArrayList<>();
    private final TreeSet<Integer> backlogged = new TreeSet<>((a, b) -> compare(key, a, b));
    private final TreeSet<Integer> scratch = new TreeSet<>((a, b) -> compare(scratchKey, a, b));

    /** The {@code vtc} policy, indexed. */
    public static Vtc vtc(PolicyOptions o) {
        return Vtc.vtc(o, new IndexedVtc());
    }

    /** The {@code lcf} policy, indexed. */
    public static Vtc lcf(PolicyOptions o) {
        return Vtc.lcf(o, new IndexedVtc());
    }

    //@ requires k >= 0;
    @Override
    public void changed(int k, long counter, boolean isBacklogged) {
        grow(k);
        if (filed[k]) backlogged.remove(k);
        key[k] = counter;
        filed[k] = isBacklogged;
        if (isBacklogged) backlogged.add(k);
    }

    @Override
    public void passStarts() {
        for (int k : touchedList) touched[k] = false;
        touchedList.clear();
        scratch.clear();
    }

    //@ requires k >= 0 && k < key.length;
    @Override
    public void touched(int k, long counter, boolean isBacklogged) {
        if (touched[k]) scratch.remove(k);
        else {
            touched[k] = true;
            touchedList.add(k);
        }
        scratchKey[k] = counter;
        if (isBacklogged) scratch.add(k);
    }

    //@ ensures \result == org.schedproof.kernels.VtcCounters.argMin(c, w, n, -1);
    @Override
    public int least(long[] c, int[] w, int n) {
        int untouched = -1;
        for (int k : backlogged) {
            if (!touched[k]) {
                untouched = k;
                break;
            }
        }
        int charged = scratch.isEmpty() ? -1 : scratch.first();
        if (untouched == -1) return charged;
        if (charged == -1) return untouched;
        int byCounter = Long.compare(key[untouched], scratchKey[charged]);
        return byCounter < 0 || byCounter == 0 && untouched < charged ? untouched : charged;
    }

    private static int compare(long[] keys, int a, int b) {
        int c = Long.compare(keys[a], keys[b]);
        return c != 0 ? c : Integer.compare(a, b);
    }

    private void grow(int k) {
        if (k < key.length) return;
        int n = Math.max(2 * key.length, k + 1);
        key = Arrays.copyOf(key, n);
        scratchKey = Arrays.copyOf(scratchKey, n);
        filed = Arrays.copyOf(filed, n);
        touched = Arrays.copyOf(touched, n);
    }
}
