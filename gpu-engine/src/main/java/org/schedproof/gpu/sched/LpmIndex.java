package org.schedproof.gpu.sched;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import org.schedproof.gpu.core.WaitingPrefixes;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/**
 * The waiting requests in the reference's LPM order (reference-engine {@code policy/Lpm.java}; ALGORITHMS.md 3.3),
 * kept current from the engine's reports ({@link WaitingPrefixes}) instead of sorted each pass: a sorted set keyed
 * (deprioritized, -cached, arrival rank), and, when clients are given, one such set per client (DLPM's gate).
 *
 * <p>The in-batch de-duplication ({@code policy/InBatchPrefixes.java}) is kept incrementally and exactly. Its walk
 * deprioritizes request i iff i is checked (cached at most {@code check}) and the chain hash it asks for (of block
 * ceil((cached + min) / blockSize) - 1, within its first blocks) lies in the chain of some earlier contributor (a
 * checked request not deprioritized). So per chain hash the ranks of its contributors and of its askers are kept; when
 * the smallest contributor rank of a hash changes, only its askers ranked between the old and the new smallest can
 * flip. Flips are re-examined in rank order, so each sees every earlier request final, as the walk does.
 */
final class LpmIndex implements WaitingPrefixes.Listener {
    /** One waiting request; its key fields change only while it is out of the sorted sets. */
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
        /** Queued in {@code dirty} and still waiting: to be re-examined. */
        boolean dirty;

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
    private final TreeSet<Entry> order = new TreeSet<>(LPM);
    private final List<TreeSet<Entry>> byClient = new ArrayList<>();
    private final Map<Long, Entry> byId = new HashMap<>();
    private final Map<Long, TreeSet<Long>> contributors = new HashMap<>();
    private final Map<Long, TreeMap<Long, Entry>> askers = new HashMap<>();
    /** Entries to re-examine, by rank (an entry whose flag is down is skipped: it left or was examined). */
    private final PriorityQueue<Entry> dirty = new PriorityQueue<>((a, b) -> Long.compare(a.rank, b.rank));

    /** {@code check}, {@code min}: the reference's thresholds (-1 turns de-duplication off); clients: null for none. */
    LpmIndex(int check, int min, int blockSize, ToIntFunction<RequestView> clientOf) {
        this.check = check;
        this.min = min;
        this.dedup = check != -1 && min != -1;
        this.blockSize = blockSize;
        this.depth = dedup ? ceilDiv(check + min, blockSize) : 0;
        this.clientOf = clientOf;
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

    /** The waiting requests in LPM order; call {@link #settle} first. */
    NavigableSet<Entry> order() {
        return Collections.unmodifiableNavigableSet(order);
    }

    /** Client {@code c}'s waiting requests in LPM order (clients given at construction). */
    NavigableSet<Entry> ofClient(int c) {
        return c < byClient.size() ? Collections.unmodifiableNavigableSet(byClient.get(c)) : Collections.emptyNavigableSet();
    }

    int size() {
        return order.size();
    }

    @Override
    public void entered(RequestView r, long rank, int cachedTokens) {
        Entry e = new Entry(r, rank, clientOf == null ? -1 : clientOf.applyAsInt(r));
        e.cached = cachedTokens;
        byId.put(r.id(), e);
        place(e);
        if (dedup) markDirty(e);
    }

    @Override
    public void left(RequestView r) {
        Entry e = byId.remove(r.id());
        unplace(e);
        if (!dedup) return;
        e.dirty = false;
        ask(e, false, 0);
        if (e.contributes) contribute(e, false);
    }

    @Override
    public void cachedChanged(RequestView r, int cachedTokens) {
        Entry e = byId.get(r.id());
        unplace(e);
        e.cached = cachedTokens;
        place(e);
        if (dedup) markDirty(e);
    }

    private void markDirty(Entry e) {
        if (!e.dirty) {
            e.dirty = true;
            dirty.add(e);
        }
    }

    /** Re-examines every entry a report may have flipped, in rank order: afterwards each one's late flag is the walk's. */
    void settle() {
        for (Entry e; (e = dirty.poll()) != null; ) {
            if (!e.dirty) continue;
            e.dirty = false;
            examine(e);
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
        TreeSet<Long> c = asks ? contributors.get(asked) : null;
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
        if (e.asking) remove(askers, e.asked, e.rank);
        if (asks) askers.computeIfAbsent(asked, h -> new TreeMap<>()).put(e.rank, e);
        e.asking = asks;
        e.asked = asks ? asked : 0;
    }

    /** Adds or removes {@code e}'s chain to or from the table; askers whose earliest contributor moved past them flip. */
    private void contribute(Entry e, boolean on) {
        e.contributes = on;
        for (long h : chain(e)) {
            TreeSet<Long> c = contributors.computeIfAbsent(h, k -> new TreeSet<>());
            long before = c.isEmpty() ? Long.MAX_VALUE : c.first();
            if (on) c.add(e.rank);
            else c.remove(e.rank);
            long after = c.isEmpty() ? Long.MAX_VALUE : c.first();
            if (c.isEmpty()) contributors.remove(h);
            TreeMap<Long, Entry> a = askers.get(h);
            if (before != after && a != null) {
                for (Entry flip : a.subMap(Math.min(before, after), false, Math.max(before, after), true).values()) {
                    markDirty(flip);
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
        order.add(e);
        if (e.client < 0) return;
        while (byClient.size() <= e.client) byClient.add(new TreeSet<>(LPM));
        byClient.get(e.client).add(e);
    }

    private void unplace(Entry e) {
        order.remove(e);
        if (e.client >= 0) byClient.get(e.client).remove(e);
    }

    private static void remove(Map<Long, TreeMap<Long, Entry>> sets, long hash, long rank) {
        TreeMap<Long, Entry> s = sets.get(hash);
        s.remove(rank);
        if (s.isEmpty()) sets.remove(hash);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
