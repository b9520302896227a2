package org.schedproof.gpu.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.schedproof.gpu.core.WaitingPrefixes;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/**
 * The waiting requests in the reference's LPM order (reference-engine {@code policy/Lpm.java}; ALGORITHMS.md 3.3),
 * kept current from the engine's reports ({@link WaitingPrefixes}) instead of sorted each pass: an {@link LpmOrder}
 * keyed (deprioritized, -cached, arrival rank), or, when clients are given, one such order per client (DLPM's gate).
 *
 * <p>The in-batch de-duplication ({@code policy/InBatchPrefixes.java}) is kept incrementally and exactly. Its walk
 * deprioritizes request i iff i is checked (cached at most {@code check}) and the chain hash it asks for (of block
 * ceil((cached + min) / blockSize) - 1, within its first blocks) lies in the chain of some earlier contributor (a
 * checked request not deprioritized). So per chain hash the ranks of its contributors and of its askers are kept; when
 * the smallest contributor rank of a hash changes, only its askers ranked between the old and the new smallest can
 * flip. Flips are re-examined in rank order, so each sees every earlier request final, as the walk does. Ranks are
 * kept in {@link RankSet}s and entries in an array by rank: no boxing, no tree per report.
 */
final class LpmIndex implements WaitingPrefixes.Listener {
    /** One waiting request; its key fields change only while it is out of the orders. */
    static final class Entry {
        final RequestView request;
        final long rank;
        final int client;
        int cached;
        boolean late;
        /** De-duplication: its first blocks' chain hashes (null until asked for), the hash it asks for, its role. */
        long[] chain;
        boolean asking;
        long asked;
        boolean contributes;
        /** The last DLPM pass that offered it (IndexedDlpm's stamp in place of a set per pass). */
        long offeredIn = -1;

        Entry(RequestView request, long rank, int client) {
            this.request = request;
            this.rank = rank;
            this.client = client;
        }
    }

    /** The reference's key: deprioritized last, then the longer cached prefix, then arrival (time, then id). */
    static final Comparator<Entry> LPM = (a, b) -> a.late != b.late ? Boolean.compare(a.late, b.late)
            : a.cached != b.cached ? Integer.compare(b.cached, a.cached) : Long.compare(a.rank, b.rank);

    private final int check;
    private final int min;
    private final boolean dedup;
    private final int blockSize;
    private final int depth;
    private final ToIntFunction<RequestView> clientOf;
    /** Waiting entries by rank (null where none waits). */
    private Entry[] byRank = new Entry[16];
    private int size;
    /** The order of all entries, kept only without clients; with clients, one order per client. */
    private final LpmOrder order;
    private final List<LpmOrder> byClient = new ArrayList<>();
    private final LpmOrder none;
    /** Per chain hash: the ranks of its contributors and of its askers. */
    private final Map<Long, RankSet> contributors = new HashMap<>();
    private final Map<Long, RankSet> askers = new HashMap<>();
    /** Ranks of waiting entries to re-examine. */
    private final RankSet dirty = new RankSet();

    /** {@code check}, {@code min}: the reference's thresholds (-1 turns de-duplication off); clients: null for none. */
    LpmIndex(int check, int min, int blockSize, ToIntFunction<RequestView> clientOf) {
        this.check = check;
        this.min = min;
        this.dedup = check != -1 && min != -1;
        this.blockSize = blockSize;
        this.depth = dedup ? ceilDiv(check + min, blockSize) : 0;
        this.clientOf = clientOf;
        this.order = clientOf == null ? new LpmOrder(this::at) : null;
        this.none = new LpmOrder(this::at);
    }

    /**
     * An index fed by {@code view}'s engine with the thresholds the reference resolved into {@code parameters}, or null
     * where the engine reports nothing (the reference engine): the caller then ranks as the reference does.
     */
    static LpmIndex listenTo(EngineView view, Map<String, String> parameters, ToIntFunction<RequestView> clientOf) {
        if (!(view instanceof WaitingPrefixes reports)) return null;
        LpmIndex index = new LpmIndex(Integer.parseInt(parameters.get("inbatch-check")),
                Integer.parseInt(parameters.get("inbatch-min")), view.config().blockSize(), clientOf);
        reports.listen(index);
        return index;
    }

    /** The waiting requests in LPM order (no clients given at construction); call {@link #settle} first. */
    LpmOrder order() {
        if (order == null) throw new IllegalStateException("an index by client keeps no overall order");
        return order;
    }

    /** Client {@code c}'s waiting requests in LPM order (clients given at construction). */
    LpmOrder ofClient(int c) {
        return c < byClient.size() ? byClient.get(c) : none;
    }

    int size() {
        return size;
    }

    private Entry at(int rank) {
        return byRank[rank];
    }

    @Override
    public void entered(RequestView r, long rank, int cachedTokens) {
        Entry e = new Entry(r, rank, clientOf == null ? -1 : clientOf.applyAsInt(r));
        e.cached = cachedTokens;
        int k = Math.toIntExact(rank);
        if (k >= byRank.length) byRank = Arrays.copyOf(byRank, Math.max(2 * byRank.length, k + 1));
        byRank[k] = e;
        size++;
        place(e);
        if (dedup) dirty.add(k);
    }

    @Override
    public void left(RequestView r, long rank) {
        Entry e = byRank[(int) rank];
        unplace(e);
        byRank[(int) rank] = null;
        size--;
        if (!dedup) return;
        dirty.remove((int) e.rank);
        ask(e, false, 0);
        if (e.contributes) contribute(e, false);
    }

    @Override
    public void cachedChanged(RequestView r, long rank, int cachedTokens) {
        Entry e = byRank[(int) rank];
        unplace(e);
        e.cached = cachedTokens;
        place(e);
        if (dedup) dirty.add((int) e.rank);
    }

    /** Re-examines every entry a report may have flipped, in rank order: afterwards each one's late flag is the walk's. */
    void settle() {
        for (int k; (k = dirty.first()) >= 0; ) {
            dirty.remove(k);
            examine(byRank[k]);
        }
    }

    private void examine(Entry e) {
        boolean checked = e.cached <= check;
        boolean asks = false;
        long asked = 0;
        if (checked) {
            long[] chain = chain(e);
            int need = ceilDiv(e.cached + min, blockSize);
            if (need >= 1 && need <= chain.length) {
                asks = true;
                asked = chain[need - 1];
            }
        }
        ask(e, asks, asked);
        RankSet c = asks ? contributors.get(asked) : null;
        boolean late = c != null && c.first() < e.rank;
        if (late != e.late) {
            unplace(e);
            e.late = late;
            place(e);
        }
        boolean contributes = checked && !late;
        if (contributes != e.contributes) contribute(e, contributes);
    }

    private void ask(Entry e, boolean asks, long asked) {
        if (e.asking == asks && e.asked == asked) return;
        if (e.asking) remove(askers, e.asked, (int) e.rank);
        if (asks) askers.computeIfAbsent(asked, h -> new RankSet()).add((int) e.rank);
        e.asking = asks;
        e.asked = asks ? asked : 0;
    }

    /** Adds or removes {@code e}'s chain to or from the table; askers whose earliest contributor moved past them flip. */
    private void contribute(Entry e, boolean on) {
        e.contributes = on;
        int rank = (int) e.rank;
        for (long h : chain(e)) {
            RankSet c = contributors.get(h);
            if (c == null) contributors.put(h, c = new RankSet());
            int before = c.isEmpty() ? Integer.MAX_VALUE : c.first();
            if (on) c.add(rank);
            else c.remove(rank);
            int after = c.isEmpty() ? Integer.MAX_VALUE : c.first();
            if (c.isEmpty()) contributors.remove(h);
            RankSet a = askers.get(h);
            if (before != after && a != null) {
                // askers ranked in (lower, upper] may flip
                int upper = Math.max(before, after);
                for (int k = a.next(Math.min(before, after) + 1); k >= 0 && k <= upper; k = a.next(k + 1)) {
                    dirty.add(k);
                }
            }
        }
    }

    private long[] chain(Entry e) {
        if (e.chain == null) {
            Prompt p = e.request.request().prompt();
            e.chain = p.blockChain(blockSize, Math.min(depth, p.length() / blockSize));
        }
        return e.chain;
    }

    private void place(Entry e) {
        if (e.client < 0) {
            order.add(e);
            return;
        }
        while (byClient.size() <= e.client) byClient.add(new LpmOrder(this::at));
        byClient.get(e.client).add(e);
    }

    private void unplace(Entry e) {
        if (e.client < 0) order.remove(e);
        else byClient.get(e.client).remove(e);
    }

    private static void remove(Map<Long, RankSet> sets, long hash, int rank) {
        RankSet s = sets.get(hash);
        s.remove(rank);
        if (s.isEmpty()) sets.remove(hash);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
