package org.schedproof.invariants;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.schedproof.spec.CostProfile;
import org.schedproof.spec.trace.TraceEvent;

/**
 * ORDER-ALISE (ALISE, Zhao and Wang, arXiv 2410.23537; ALGORITHMS.md 6.3 and 6.4; the reference's interpretation in
 * reference-engine {@code alise/Alise}): jobs ranked by estimated remaining time, then arrival, then id; the
 * remaining time recomputed from the header's cost profile (spec/COST.md, the formula below) and the predicted output
 * length the witness gives ({@code alise.pred.ID}, in the first step after the arrival; again only when
 * {@code overrun=double} revises it, which is recomputed: doubled while at most the tokens generated). A waiting job's
 * cached prefix is not in the trace, so its remaining time is an interval over the prefixes it could have (0 to the
 * last whole block before its sequence's end; exact with prefix caching off), and an order between intervals is
 * judged only where it is certain. Per step: slices in that order; the selected jobs a prefix of the jobs that could
 * run (not offloaded at the step's start, not preempted or offloaded by it); every job preempted or offloaded ranks
 * after every paused one (lowest priority, i.e. largest EWT, first); the prefetched jobs a prefix of the offloaded ones;
 * only the last slice may be shorter than its job's pending positions, and then the slices fill the budget.
 *
 * <pre>
 *   first = (pending == 1 and generated > 0) ? base + decodeToken + decodeKv * s
 *           : ceil(pending / budget) * base + pending * prefillToken + causalPairs(computed, pending) * prefillPair
 *   rem   = first + (d - 1) * (base + decodeToken) + decodeKv * ((d - 1) * s + (d - 1) * d / 2)
 * </pre>
 * with {@code s} the sequence (prompt + generated), {@code pending = s - computed}, {@code d} the tokens predicted
 * still to come ({@code max(1, predicted - generated)}).
 */
final class OrderAlise extends AbstractChecker {
    private static final String PREFIX = "alise.pred.";

    /** One live job. */
    private static final class Job {
        final long id;
        final long arrivalUs;
        final int promptLength;
        int predicted;
        /** The bounds of its remaining time while it waits (computed when it starts waiting). */
        long lo;
        long hi;

        Job(TraceEvent.Arrival a) {
            this.id = a.request().id();
            this.arrivalUs = a.request().arrivalUs();
            this.promptLength = a.request().promptLength();
        }
    }

    /** A job's place: remaining time (a bound of it), then arrival, then id. */
    private record Key(long ps, long arrivalUs, long id) implements Comparable<Key> {
        Key(long ps, Job j) {
            this(ps, j.arrivalUs, j.id);
        }

        @Override
        public int compareTo(Key o) {
            int c = Long.compare(ps, o.ps);
            if (c != 0) return c;
            c = Long.compare(arrivalUs, o.arrivalUs);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    private final Map<Long, Job> live = new HashMap<>();
    /** Waiting jobs with a prediction, by the upper bound of their remaining time. */
    private final TreeSet<Job> waiting = new TreeSet<>(Comparator.comparing((Job j) -> new Key(j.hi, j)));
    /** Jobs whose KV is in host memory after the last step. */
    private final Set<Long> offloaded = new LinkedHashSet<>();
    private final List<Job> arrived = new ArrayList<>();
    /** Jobs that emitted in the last step, with the tokens generated since: their predictions may be revised. */
    private final Map<Long, Integer> emitted = new HashMap<>();
    private boolean doubling;

    OrderAlise() {
        super("ORDER-ALISE", "slices follow the remaining-time order and form its prefix over the jobs that can "
                + "run; evictions take the lowest-ranked paused jobs, prefetches the highest-ranked offloaded ones "
                + "(policy alise)", new Replay(true, false));
    }

    @Override
    public String forPolicy() {
        return "alise";
    }

    @Override
    protected void onHeader(TraceEvent.Header h) {
        doubling = "double".equals(h.parameters().get("overrun"));
    }

    @Override
    protected void onArrival(TraceEvent.Arrival a) {
        long id = a.request().id();
        if (live.containsKey(id)) return;
        Job j = new Job(a);
        live.put(id, j);
        arrived.add(j);
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        readPredictions(s);
        judge(s, f);
        after(s, f);
    }

    /** First predictions, and revisions: each must be the recomputed one, and each recomputed one announced. */
    private void readPredictions(TraceEvent.Step s) {
        Map<Long, Integer> revised = new HashMap<>();
        for (Map.Entry<Long, Integer> e : emitted.entrySet()) {
            Job j = live.get(e.getKey());
            if (j == null || j.predicted == 0 || !doubling || j.predicted > e.getValue()) continue;
            int p = j.predicted;
            while (p <= e.getValue()) p = p > (1 << 29) ? Integer.MAX_VALUE : 2 * p;
            revised.put(j.id, p);
        }
        emitted.clear();
        for (Map.Entry<String, Long> e : s.witness().entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) continue;
            Job j = live.get(parseId(e.getKey()));
            if (j == null) continue;
            long p = e.getValue();
            Integer expected = revised.remove(j.id);
            if (j.predicted == 0) {
                j.predicted = (int) Math.max(1, Math.min(Integer.MAX_VALUE, p));
            } else if (expected == null ? p != j.predicted : p != expected) {
                report(s.index(), j.id, "the witness revises the prediction of job " + j.id + " from " + j.predicted
                        + " to " + p + " where " + (expected == null ? "none is due" : "it doubles to " + expected)
                        + " (overrun=" + (doubling ? "double" : "clamp") + ")");
            }
            if (expected != null) j.predicted = expected;
        }
        for (Map.Entry<Long, Integer> e : revised.entrySet()) {
            Job j = live.get(e.getKey());
            report(s.index(), j.id, "the prediction of job " + j.id + " doubles from " + j.predicted + " to "
                    + e.getValue() + " (overrun=double) but the witness does not show it");
            j.predicted = e.getValue();
        }
        for (Job j : arrived) {
            if (j.predicted == 0) {
                report(s.index(), j.id, "the witness of the first step after job " + j.id + " arrived gives no "
                        + PREFIX + j.id + ": it is ranked last");
                j.predicted = Integer.MAX_VALUE;
            }
            startWaiting(j, j.promptLength, 0);
        }
        arrived.clear();
    }

    private void judge(TraceEvent.Step s, Replay.StepFacts f) {
        Map<Long, Replay.RunningFact> runningAtStart = new HashMap<>();
        for (Replay.RunningFact r : f.runningAtStart) runningAtStart.put(r.id(), r);
        Set<Long> victims = new HashSet<>(s.preempted());
        victims.addAll(s.offloaded());
        // Slices: in order, and only the last one a partial chunk (then the budget is full).
        Set<Long> selected = new HashSet<>();
        Key lastLo = null;
        long previousId = -1;
        long tokens = 0;
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            tokens += sf.slice().length();
        }
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            Job j = live.get(sf.slice().requestId());
            if (j == null || sf.preempted() || sf.before() == Replay.Status.UNKNOWN
                    || sf.before() == Replay.Status.FINISHED) continue;
            selected.add(j.id);
            Key lo;
            Key hi;
            if (sf.admitted()) {
                lo = new Key(j.lo, j);
                hi = new Key(j.hi, j);
            } else {
                Replay.RunningFact r = runningAtStart.get(j.id);
                if (r == null) continue; // offloaded: SAFE-OFFLOAD's
                lo = hi = new Key(running(r), j);
            }
            if (lastLo != null && hi.compareTo(lastLo) < 0) {
                report(s.index(), j.id, "schedules job " + j.id + " (remaining at most " + hi.ps + " ps) after job "
                        + previousId + " (at least " + lastLo.ps + " ps): slices go shortest remaining time first");
                return;
            }
            int pending = sf.sequenceLength() - sf.expectedStart();
            if (sf.slice().length() < pending && (k != f.slices.size() - 1 || tokens < config.tokenBudget())) {
                report(s.index(), j.id, "gives job " + j.id + " " + sf.slice().length() + " of its " + pending
                        + " pending positions though " + (k != f.slices.size() - 1 ? "a later job has a slice"
                        : "the slices take only " + tokens + " of the " + config.tokenBudget() + "-token budget"));
                return;
            }
            if (lastLo == null || lo.compareTo(lastLo) > 0) {
                lastLo = lo;
                previousId = j.id;
            }
        }
        // The selection is a prefix: no job that could run is certainly ahead of a selected one.
        Key paused = null;
        long pausedId = -1;
        for (Replay.RunningFact r : f.runningAtStart) {
            if (selected.contains(r.id()) || victims.contains(r.id()) || !live.containsKey(r.id())) continue;
            Key k = new Key(running(r), live.get(r.id()));
            if (lastLo != null && k.compareTo(lastLo) < 0) {
                report(s.index(), r.id(), "pauses running job " + r.id() + " (remaining " + k.ps + " ps) ahead of "
                        + "selected job " + previousId + " (at least " + lastLo.ps + " ps): the selection is a prefix "
                        + "of the order");
                return;
            }
            if (paused == null || k.compareTo(paused) > 0) {
                paused = k;
                pausedId = r.id();
            }
        }
        if (lastLo != null) {
            for (Job w : waiting) {
                if (selected.contains(w.id)) continue;
                if (new Key(w.hi, w).compareTo(lastLo) < 0) {
                    report(s.index(), w.id, "leaves job " + w.id + " waiting (remaining at most " + w.hi + " ps) "
                            + "ahead of selected job " + previousId + " (at least " + lastLo.ps + " ps): the "
                            + "selection is a prefix of the order");
                    return;
                }
                break;
            }
        }
        // Evictions take the lowest-ranked paused jobs (the largest EWT).
        for (long id : victims) {
            Replay.RunningFact r = runningAtStart.get(id);
            if (r == null || !live.containsKey(id) || paused == null) continue;
            Key k = new Key(running(r), live.get(id));
            if (k.compareTo(paused) < 0) {
                report(s.index(), id, (s.offloaded().contains(id) ? "offloads" : "preempts") + " job " + id
                        + " (remaining " + k.ps + " ps) but leaves job " + pausedId + " (remaining " + paused.ps
                        + " ps), ranked lower, paused");
                return;
            }
        }
        // Prefetches take the highest-ranked offloaded jobs, in order.
        Key lastPrefetch = null;
        for (long id : s.prefetched()) {
            Job j = live.get(id);
            if (j == null || !offloaded.contains(id)) continue;
            Key k = new Key(resting(id), j);
            if (lastPrefetch != null && k.compareTo(lastPrefetch) < 0) {
                report(s.index(), id, "prefetches job " + id + " (remaining " + k.ps + " ps) after one ranked "
                        + "lower (" + lastPrefetch.ps + " ps)");
                return;
            }
            lastPrefetch = k;
        }
        if (lastPrefetch == null) return;
        Set<Long> prefetched = new HashSet<>(s.prefetched());
        for (long id : offloaded) {
            if (prefetched.contains(id) || !live.containsKey(id)) continue;
            Key k = new Key(resting(id), live.get(id));
            if (k.compareTo(lastPrefetch) < 0) {
                report(s.index(), id, "leaves job " + id + " offloaded (remaining " + k.ps + " ps) but prefetches one "
                        + "ranked lower (" + lastPrefetch.ps + " ps)");
                return;
            }
        }
    }

    /** The remaining time of a job running at the step's start. */
    private long running(Replay.RunningFact r) {
        Job j = live.get(r.id());
        int sequence = r.computed() + r.pending();
        return ps(sequence, r.computed(), r.generated(), j.predicted);
    }

    /** The remaining time of a job whose state the step leaves alone (offloaded, or just prefetched). */
    private long resting(long id) {
        Replay.Req r = replay.get(id);
        return ps(r.sequenceLength(), r.computed, r.generated, live.get(id).predicted);
    }

    /** A job starts (or returns to) waiting: the bounds of its remaining time over the cached prefixes it may get. */
    private void startWaiting(Job j, int s, int generated) {
        int bs = config.blockSize();
        int top = config.prefixCaching() ? (s - 1) / bs * bs : 0;
        long atTop = ps(s, top, generated, j.predicted);
        long belowTop = top >= bs ? ps(s, top - bs, generated, j.predicted) : atTop;
        long none = ps(s, 0, generated, j.predicted);
        // The prefill branch falls as the prefix grows; the decode branch (only at s - 1) may break the monotony.
        j.lo = Math.min(atTop, belowTop);
        j.hi = Math.max(none, atTop);
        waiting.add(j);
    }

    private long ps(int sequence, int computed, int generated, int predicted) {
        CostProfile c = config.cost();
        int budget = config.tokenBudget();
        int remaining = Math.max(1, predicted - generated);
        long pending = sequence - computed;
        long first;
        if (pending == 1 && generated > 0) {
            first = c.basePs() + c.decodeTokenPs() + c.decodeKvPs() * sequence;
        } else {
            first = (pending + budget - 1) / budget * c.basePs() + pending * c.prefillTokenPs()
                    + CostProfile.causalPairs(computed, (int) pending) * c.prefillPairPs();
        }
        long more = remaining - 1L;
        return first + more * (c.basePs() + c.decodeTokenPs()) + c.decodeKvPs() * (more * sequence + more * (more + 1) / 2);
    }

    /** After the step: who waits, who is offloaded, who emitted (for revisions), who finished. */
    private void after(TraceEvent.Step s, Replay.StepFacts f) {
        if (s.rejected()) return;
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            Job j = live.get(sf.slice().requestId());
            if (j == null) continue;
            if (sf.admitted()) waiting.remove(j);
            if (sf.finishes()) {
                live.remove(j.id);
                offloaded.remove(j.id);
            } else if (sf.emits()) {
                emitted.put(j.id, replay.get(j.id).generated);
            }
        }
        for (Replay.MoveFact m : f.offloads) {
            if (!m.twice() && m.before() == Replay.Status.RUNNING) offloaded.add(m.requestId());
        }
        for (Replay.MoveFact m : f.prefetches) {
            if (!m.twice() && m.before() == Replay.Status.OFFLOADED) offloaded.remove(m.requestId());
        }
        for (Replay.PreemptFact p : f.preempts) {
            Job j = live.get(p.requestId());
            Replay.Req r = replay.get(p.requestId());
            if (j != null && r != null && p.before() == Replay.Status.RUNNING) startWaiting(j, r.sequenceLength(), r.generated);
        }
    }

    private static long parseId(String key) {
        try {
            return Long.parseLong(key.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
