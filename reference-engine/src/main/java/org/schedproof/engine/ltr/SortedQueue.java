package org.schedproof.engine.ltr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.schedproof.engine.ltr.Ltr.Entry;
import org.schedproof.engine.ltr.Ltr.Rank;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.StepOutcome;

/**
 * LTR's reference queue (ALGORITHMS.md 5.4 steps 1, 2 and 6): the live requests in a sorted set of their static ranks;
 * each iteration reads every waiting and running request from the engine, runs starvation control over each, sorts
 * the promoted ones and walks promoted then the others. It ignores the walk's {@link Ltr.Admits} hint (the caller
 * passes over what it may not admit).
 */
final class SortedQueue implements Ltr.Queue {
    private final boolean starvation;
    private final StarvationControl control;
    private final TreeSet<Rank> ranked = new TreeSet<>();
    private final Map<Long, Rank> ranks = new HashMap<>();
    /** This iteration's live requests by id and its promoted ranks in order (set by {@link #review}). */
    private Map<Long, Entry> live = Map.of();
    private List<Rank> promotedRanks = List.of();

    SortedQueue(boolean starvation, int threshold, int quantum) {
        this.starvation = starvation;
        this.control = new StarvationControl(threshold, quantum);
    }

    @Override
    public void arrived(Rank rank) {
        ranked.add(rank);
        ranks.put(rank.id(), rank);
        control.arrived(rank.id());
    }

    @Override
    public int review(EngineView view) {
        live = new HashMap<>();
        for (RequestView r : view.waiting()) live.put(r.id(), new Entry(r, false, false));
        for (RequestView r : view.running()) live.put(r.id(), new Entry(r, true, false));
        promotedRanks = new ArrayList<>();
        if (starvation) {
            control.review(view.waiting());
            control.review(view.running());
            for (Entry e : live.values()) {
                if (control.promoted(e.view().id())) promotedRanks.add(ranks.get(e.view().id()));
            }
            promotedRanks.sort(null);
            for (Rank k : promotedRanks) live.computeIfPresent(k.id(), (id, e) -> new Entry(e.view(), e.running(), true));
        }
        return promotedRanks.size();
    }

    @Override
    public boolean promoted(long id) {
        return control.promoted(id);
    }

    @Override
    public Ltr.Walk walk(EngineView view) {
        Iterator<Rank> it = order(false).iterator();
        return admit -> it.hasNext() ? live.get(it.next().id()) : null;
    }

    @Override
    public Iterator<Entry> runningBackwards(EngineView view) {
        return order(true).map(k -> live.get(k.id())).iterator();
    }

    /** The order: promoted requests first, then the others, each by rank; or all of it backwards. */
    private Stream<Rank> order(boolean backwards) {
        Stream<Rank> first = promotedRanks.stream();
        Stream<Rank> rest = (backwards ? ranked.descendingSet() : ranked).stream().filter(k -> !live.get(k.id()).promoted());
        if (!backwards) return Stream.concat(first, rest);
        List<Rank> reversed = new ArrayList<>(promotedRanks);
        Collections.reverse(reversed);
        return Stream.concat(rest, reversed.stream());
    }

    @Override
    public void stepEnded(StepOutcome outcome) {
        Set<Long> scheduled = new HashSet<>();
        for (Slice s : outcome.ran()) scheduled.add(s.requestId());
        if (starvation) control.stepEnded(scheduled);
    }

    @Override
    public void finished(Rank rank) {
        ranked.remove(rank);
        ranks.remove(rank.id());
        control.finished(rank.id());
    }
}
