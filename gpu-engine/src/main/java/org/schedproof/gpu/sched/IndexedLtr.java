package org.schedproof.gpu.sched;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.ltr.Ltr;
import org.schedproof.engine.ltr.Ltr.Admits;
import org.schedproof.engine.ltr.Ltr.Entry;
import org.schedproof.engine.ltr.Ltr.Rank;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.StepOutcome;

/**
 * LTR (reference-engine {@code ltr/Ltr}; Fu et al., NeurIPS'24; hao-ai-lab/vllm-ltr {@code vllm/core/scheduler.py})
 * with its queue indexed: the live requests in four sorted sets of their static ranks, {promoted, not} x {waiting,
 * running}, kept up to date from each step's outcome, so an iteration walks only what it selects and the running
 * requests, and drops the waiting sets from the walk once the caller may admit none of them (the reference reads,
 * sorts and filters every live request every iteration). Starvation control (vllm-ltr's {@code starv<S>-period<P>},
 * ALGORITHMS.md 5.3) is lazy: a request's idle count is the steps since its last reset, so the requests due for
 * promotion ({@code idle >= S}) are the first of a set ordered by that reset, and only those a step ran can reach
 * {@code runs <= 0} and be demoted. Everything else (prediction, selection, memory) is the reference's {@code Ltr}.
 */
public final class IndexedLtr implements Ltr.Queue {
    private final boolean starvation;
    private final int threshold;
    private final int quantum;
    private final Map<Long, State> live = new HashMap<>();
    private final TreeSet<Rank> promotedWaiting = new TreeSet<>(), promotedRunning = new TreeSet<>();
    private final TreeSet<Rank> restWaiting = new TreeSet<>(), restRunning = new TreeSet<>();
    /** Every live request by the step its idle count was last reset at (then id): the first are due for promotion. */
    private final TreeSet<State> byReset = new TreeSet<>(
            Comparator.comparingLong((State s) -> s.reset).thenComparingLong(s -> s.rank.id()));
    /** Promoted requests whose last run spent their quantum: demoted at the next review unless promoted again. */
    private final List<State> spent = new ArrayList<>();
    /** Steps ended so far: a request's idle count is {@code steps - reset}. */
    private long steps;

    /** One live request's place and starvation state (StarvationControl's idle, promoted, runs). */
    private static final class State {
        final Rank rank;
        boolean running;
        boolean promoted;
        long reset;
        int runs;

        State(Rank rank, long reset) {
            this.rank = rank;
            this.reset = reset;
        }
    }

    IndexedLtr(Ltr.Starvation starvation, int threshold, int quantum) {
        this.starvation = starvation == Ltr.Starvation.ON;
        this.threshold = threshold;
        this.quantum = quantum;
    }

    /** The {@code ltr} policy with its options, its queue indexed. */
    public static Ltr ltr(PolicyOptions o) {
        return new Ltr(o, IndexedLtr::new);
    }

    @Override
    public void arrived(Rank rank) {
        State s = new State(rank, steps);
        live.put(rank.id(), s);
        byReset.add(s);
        setOf(s).add(rank);
    }

    //@ ensures \result == (\num_of long id; live.containsKey(id); promoted(id));
    @Override
    public int review(EngineView view) {
        if (starvation) {
            // idle >= S: promoted (again), idle := 0, runs := P; the new reset puts it after every due one
            while (!byReset.isEmpty() && steps - byReset.first().reset >= threshold) {
                State s = byReset.pollFirst();
                move(s, () -> {
                    s.promoted = true;
                    s.runs = quantum;
                });
                s.reset = steps;
                byReset.add(s);
            }
            for (State s : spent) {
                if (s.promoted && s.runs <= 0 && live.get(s.rank.id()) == s) move(s, () -> s.promoted = false);
            }
            spent.clear();
        }
        return promotedWaiting.size() + promotedRunning.size();
    }

    @Override
    public boolean promoted(long id) {
        return live.get(id).promoted;
    }

    @Override
    public Ltr.Walk walk(EngineView view) {
        Map<Long, RequestView> running = new HashMap<>();
        for (RequestView r : view.running()) running.put(r.id(), r);
        Merge promoted = new Merge(promotedWaiting.iterator(), promotedRunning.iterator());
        Merge rest = new Merge(restWaiting.iterator(), restRunning.iterator());
        return admit -> {
            boolean inPromoted = promoted.hasNext(admit != Admits.NONE);
            Merge m = inPromoted ? promoted : rest;
            if (!inPromoted && !rest.hasNext(admit == Admits.ALL)) return null;
            boolean isRunning = m.nextIsRunning();
            Rank k = m.take();
            return new Entry(isRunning ? running.get(k.id()) : waitingView(view, k), isRunning, inPromoted);
        };
    }

    @Override
    public Iterator<Entry> runningBackwards(EngineView view) {
        Map<Long, RequestView> running = new HashMap<>();
        for (RequestView r : view.running()) running.put(r.id(), r);
        List<Entry> order = new ArrayList<>(running.size());
        for (Rank k : restRunning.descendingSet()) order.add(new Entry(running.get(k.id()), true, false));
        for (Rank k : promotedRunning.descendingSet()) order.add(new Entry(running.get(k.id()), true, true));
        return order.iterator();
    }

    @Override
    public void stepEnded(StepOutcome outcome) {
        for (long id : outcome.preempted()) {
            State s = live.get(id);
            move(s, () -> s.running = false);
        }
        steps++;
        for (Slice slice : outcome.ran()) {
            State s = live.get(slice.requestId());
            if (!s.running) move(s, () -> s.running = true);
            if (starvation) { // scheduled: idle := 0 and, if promoted, runs -= 1
                byReset.remove(s);
                s.reset = steps;
                byReset.add(s);
                if (s.promoted && --s.runs <= 0) spent.add(s);
            }
        }
    }

    @Override
    public void finished(Rank rank) {
        State s = live.remove(rank.id());
        setOf(s).remove(rank);
        byReset.remove(s);
    }

    /** Applies {@code change} to the request's flags, moving it to the set they name. */
    private void move(State s, Runnable change) {
        setOf(s).remove(s.rank);
        change.run();
        setOf(s).add(s.rank);
    }

    private NavigableSet<Rank> setOf(State s) {
        return s.promoted ? (s.running ? promotedRunning : promotedWaiting) : (s.running ? restRunning : restWaiting);
    }

    /** The engine's view of waiting request k: the waiting list is in (arrival time, id) order. */
    private static RequestView waitingView(EngineView view, Rank k) {
        List<? extends RequestView> list = view.waiting();
        int lo = 0, hi = list.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            RequestView r = list.get(mid);
            int c = Long.compare(r.request().arrivalUs(), k.arrivalUs());
            if (c == 0) c = Long.compare(r.id(), k.id());
            if (c == 0) return r;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        throw new IllegalStateException("LTR: request " + k.id() + " is queued as waiting but the engine does not list it");
    }

    /** Two rank-ordered streams, waiting and running, merged; the waiting one dropped once no longer admissible. */
    private static final class Merge {
        private final Iterator<Rank> waiting, running;
        private Rank w, r;
        private boolean dropped;

        Merge(Iterator<Rank> waiting, Iterator<Rank> running) {
            this.waiting = waiting;
            this.running = running;
        }

        /** Whether an entry is left, reading waiting ones only while {@code admissible} (once false, never again). */
        boolean hasNext(boolean admissible) {
            if (!admissible) {
                dropped = true;
                w = null;
            }
            if (w == null && !dropped && waiting.hasNext()) w = waiting.next();
            if (r == null && running.hasNext()) r = running.next();
            return w != null || r != null;
        }

        boolean nextIsRunning() {
            return w == null || r != null && r.compareTo(w) < 0;
        }

        Rank take() {
            Rank k;
            if (nextIsRunning()) {
                k = r;
                r = null;
            } else {
                k = w;
                w = null;
            }
            return k;
        }
    }
}
