package org.schedproof.gpu.sched;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.alise.Alise;
import org.schedproof.engine.alise.Alise.Estimated;
import org.schedproof.gpu.core.WaitingPrefixes;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/**
 * ALISE (reference-engine {@code alise/Alise}; Zhao and Wang, arXiv 2410.23537; ALGORITHMS.md section 6) with its
 * waiting jobs kept in a sorted set by (estimated remaining time, arrival time, id) instead of estimated and sorted
 * every iteration. A waiting job's estimate changes only with its cached prefix (its length, generated tokens and
 * prediction stay put while it waits), so the set is kept from FastEngine's {@link WaitingPrefixes} reports: a job
 * that entered or whose cached prefix changed is re-estimated at the next iteration, the others not. The reference's
 * {@code Alise} merges the set with its few running and offloaded jobs and reads the order only as far as its
 * selection and prefetches need. On an engine without those reports (the reference engine) it is the reference.
 */
public final class IndexedAlise implements Alise.WaitingOrder, WaitingPrefixes.Listener {
    private static final Comparator<Waiting> PRIORITY = Comparator.comparingLong((Waiting w) -> w.remainingPs)
            .thenComparing((a, b) -> Request.byArrival(a.view.request(), b.view.request()));

    private final Map<Long, Waiting> byId = new HashMap<>();
    private final TreeSet<Waiting> sorted = new TreeSet<>(PRIORITY);
    /** Jobs to estimate again before the next read: entered, or their cached prefix changed. */
    private final List<Waiting> stale = new ArrayList<>();
    private boolean asked;
    private boolean reported;

    /** One waiting job: its view, its cached prefix, and the estimate it is filed under. */
    private static final class Waiting {
        final RequestView view;
        int cachedTokens;
        long remainingPs;
        boolean filed;
        boolean isStale;
        boolean left;

        Waiting(RequestView view, int cachedTokens) {
            this.view = view;
            this.cachedTokens = cachedTokens;
        }
    }

    /** The {@code alise} policy with its options, its waiting jobs indexed. */
    public static Alise alise(PolicyOptions o) {
        return new Alise(o, new IndexedAlise());
    }

    @Override
    public Iterator<Estimated> waiting(EngineView v, Alise.Estimator estimate) {
        if (!asked) {
            asked = true;
            if (v instanceof WaitingPrefixes p) {
                reported = true;
                p.listen(this);
            }
        }
        if (!reported) return Alise.SORTED.waiting(v, estimate);
        for (Waiting w : stale) {
            w.isStale = false;
            if (w.left) continue;
            if (w.filed) sorted.remove(w);
            w.remainingPs = estimate.remainingPs(w.view, w.cachedTokens);
            w.filed = true;
            sorted.add(w);
        }
        stale.clear();
        Iterator<Waiting> it = sorted.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Estimated next() {
                Waiting w = it.next();
                return new Estimated(w.view, w.remainingPs);
            }
        };
    }

    @Override
    public void entered(RequestView r, long rank, int cachedTokens) {
        Waiting w = new Waiting(r, cachedTokens);
        byId.put(r.id(), w);
        markStale(w);
    }

    @Override
    public void left(RequestView r, long rank) {
        Waiting w = byId.remove(r.id());
        w.left = true;
        if (w.filed) sorted.remove(w);
    }

    @Override
    public void cachedChanged(RequestView r, long rank, int cachedTokens) {
        Waiting w = byId.get(r.id());
        w.cachedTokens = cachedTokens;
        markStale(w);
    }

    private void markStale(Waiting w) {
        if (w.isStale) return;
        w.isStale = true;
        stale.add(w);
    }
}
