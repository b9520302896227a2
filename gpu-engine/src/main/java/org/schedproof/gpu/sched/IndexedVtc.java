package org.schedproof.gpu.sched;

import java.util.Arrays;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.policy.Vtc;
import org.schedproof.gpu.core.WaitingById;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/**
 * VTC and its LCF baseline (reference-engine {@code policy/Vtc}, spec/FAIRNESS.md section 2; Sheng et al., OSDI'24,
 * section 4) with the least-counter backlogged client kept at the top of a binary heap of client indexes instead of
 * found by a scan of every client: O(1) per offer and O(log C) per change instead of O(C) per offer. The heap orders
 * backlogged clients by (counter, client index), the tie-break of the reference's {@code VtcCounters.argMin}. A pass
 * changes the heap in place and logs each client's state before its first change, since a pass works on scratch
 * copies. Once the pass is over (a change from outside it, or {@link #endPass}) the log is undone lazily: a client the
 * step's end files again is simply filed (one move instead of back and forth: the clients a pass touched are the ones
 * its step's end charges), and the rest are put back before the next read or pass. Everything else (counters, queues,
 * lift, charges, witness) is the reference's {@code Vtc}.
 */
public final class IndexedVtc implements Vtc.ClientRanking {
    /** Each client's counter as filed; its place in {@link #heap}, or -1 when it is not backlogged. */
    private long[] key = new long[8];
    private int[] place = new int[8];
    /** Backlogged clients, a min-heap on (key, index) in {@code heap[0, size)}, each slot's key beside it. */
    private int[] heap = new int[8];
    private long[] heapKey = new long[8];
    private int size;
    /** The pass's log: clients changed in the pass, with their key and place-or-not before the first change. */
    private int[] logged = new int[8];
    private long[] loggedKey = new long[8];
    private boolean[] loggedFiled = new boolean[8];
    private int logSize;
    /** Whether client k still holds the value the pass gave it (in the log, not filed again since). */
    private boolean[] inLog = new boolean[8];
    /** The pass that wrote the log is over: the log is undone before the next read or pass. */
    private boolean passOver;

    public IndexedVtc() {
        Arrays.fill(place, -1);
    }

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
        passOver = true;
        grow(k);
        inLog[k] = false; // filed anew: nothing of the pass's to undo for k
        set(k, counter, isBacklogged);
    }

    @Override
    public void passStarts() {
        undoPass();
    }

    //@ requires k >= 0 && k < key.length;
    @Override
    public void touched(int k, long counter, boolean isBacklogged) {
        if (passOver) undoPass();
        if (!inLog[k]) {
            inLog[k] = true;
            logged[logSize] = k;
            loggedKey[logSize] = key[k];
            loggedFiled[logSize] = place[k] >= 0;
            logSize++;
        }
        set(k, counter, isBacklogged);
    }

    //@ ensures \result == org.schedproof.kernels.VtcCounters.argMin(c, w, n, -1);
    @Override
    public int least(long[] c, int[] w, int n) {
        return least();
    }

    /** The last pass is over: its scratch changes will be undone (FastVtc, which reads the heap outside passes too). */
    public void endPass() {
        passOver = true;
    }

    /** The backlogged client with the least counter, lowest index among equals; -1 if none. */
    public int least() {
        if (passOver) undoPass();
        return size == 0 ? -1 : heap[0];
    }

    /** FastEngine's view names a waiting request by id: no binary search of its waiting list per offer. */
    @Override
    public RequestView waiting(EngineView view, Request r) {
        return view instanceof WaitingById byId ? byId.waiting(r.id()) : null;
    }

    /** Puts every client the last pass changed and nothing filed since back as it was; the next pass may begin. */
    private void undoPass() {
        for (int i = logSize - 1; i >= 0; i--) {
            int k = logged[i];
            if (!inLog[k]) continue;
            inLog[k] = false;
            set(k, loggedKey[i], loggedFiled[i]);
        }
        logSize = 0;
        passOver = false;
    }

    /** Files client k under {@code counter} if backlogged, else takes it out of the heap. */
    private void set(int k, long counter, boolean backlogged) {
        int at = place[k];
        if (!backlogged) {
            key[k] = counter;
            if (at >= 0) removeAt(at);
            return;
        }
        if (at < 0) {
            key[k] = counter;
            heap[size] = k;
            place[k] = size;
            up(size++);
            return;
        }
        long before = key[k];
        key[k] = counter;
        if (counter < before) up(at);
        else if (counter > before) down(at);
    }

    private void removeAt(int at) {
        int k = heap[at];
        place[k] = -1;
        int last = heap[--size];
        if (at == size) return;
        heap[at] = last;
        place[last] = at;
        up(at);
        down(place[last]);
    }

    /** Whether client a with key ka comes before client b with key kb. */
    private static boolean less(long ka, int a, long kb, int b) {
        return ka < kb || ka == kb && a < b;
    }

    private void up(int at) {
        int k = heap[at];
        long kk = key[k];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            int p = heap[parent];
            long pk = heapKey[parent];
            if (!less(kk, k, pk, p)) break;
            heap[at] = p;
            heapKey[at] = pk;
            place[p] = at;
            at = parent;
        }
        heap[at] = k;
        heapKey[at] = kk;
        place[k] = at;
    }

    private void down(int at) {
        int k = heap[at];
        long kk = key[k];
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) break;
            int c = heap[child];
            long ck = heapKey[child];
            if (child + 1 < size && less(heapKey[child + 1], heap[child + 1], ck, c)) {
                c = heap[++child];
                ck = heapKey[child];
            }
            if (!less(ck, c, kk, k)) break;
            heap[at] = c;
            heapKey[at] = ck;
            place[c] = at;
            at = child;
        }
        heap[at] = k;
        heapKey[at] = kk;
        place[k] = at;
    }

    private void grow(int k) {
        if (k < key.length) return;
        int n = Math.max(2 * key.length, k + 1);
        int old = key.length;
        key = Arrays.copyOf(key, n);
        place = Arrays.copyOf(place, n);
        Arrays.fill(place, old, n, -1);
        heap = Arrays.copyOf(heap, n);
        heapKey = Arrays.copyOf(heapKey, n);
        logged = Arrays.copyOf(logged, n);
        loggedKey = Arrays.copyOf(loggedKey, n);
        loggedFiled = Arrays.copyOf(loggedFiled, n);
        inLog = Arrays.copyOf(inLog, n);
    }
}
