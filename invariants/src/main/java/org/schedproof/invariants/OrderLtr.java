package org.schedproof.invariants;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent;

/**
 * ORDER-LTR (learning to rank, Fu et al. NeurIPS'24; vllm-ltr {@code vllm/core/scheduler.py}; ALGORITHMS.md 5.4, 5.5.1
 * PrefixSelection, 5.5.2 StaticScore, 5.5.6 PreemptLowestFirst): the order is (promoted first, shorter prediction,
 * arrival, id), promotion recomputed from the slices as LIVE-STARVATION does, predictions read from the witness
 * {@code ltr.pred.ID} (once, in the first step after the arrival; never changed). Per step: slices in that order; a
 * running request ranked before a scheduled one is scheduled; a step that pauses a running request (no slice, not
 * preempted) fills the token budget; preemptions go lowest rank first and every paused request ranks before every
 * preempted one; a waiting request ranked before a scheduled one is passed over only while {@code maxRunning}
 * requests hold KV or, under {@code admission=fit}, for memory (which a trace does not show), and a promoted one
 * passed over for memory holds back every unpromoted admission; a step at which no request holds KV schedules the
 * first waiting request in the order (the fit test reserves at most {@code numBlocks - watermarkBlocks} blocks, which
 * the empty pool always has, and the engine admits no request whose true sequence exceeds them).
 */
final class OrderLtr extends AbstractChecker {
    private static final String PREFIX = "ltr.pred.";

    /** One live request: its place in the order and its starvation-control state. */
    private static final class Info {
        final long id;
        final long arrivalUs;
        int predicted;
        int idle;
        boolean promoted;
        int runs;

        Info(long id, long arrivalUs) {
            this.id = id;
            this.arrivalUs = arrivalUs;
        }
    }

    /** The static rank: shorter prediction, earlier arrival, smaller id. */
    private static final Comparator<Info> RANK = Comparator.<Info>comparingInt(i -> i.predicted)
            .thenComparingLong(i -> i.arrivalUs).thenComparingLong(i -> i.id);
    /** The order: promoted first, then by rank. */
    private static final Comparator<Info> ORDER = Comparator.<Info, Boolean>comparing(i -> !i.promoted).thenComparing(RANK);

    private final Map<Long, Info> live = new HashMap<>();
    /** Live requests that were not running after the last step and have a prediction, by rank. */
    private final TreeSet<Info> waiting = new TreeSet<>(RANK);
    /** Arrivals since the last step: the next step's witness must give their predictions. */
    private final List<Info> arrived = new ArrayList<>();
    /** The requests promoted at this step. */
    private final List<Info> promoted = new ArrayList<>();
    private boolean starvation;
    private boolean fit = true;
    private int threshold = 200;
    private int quantum = 10;

    OrderLtr() {
        super("ORDER-LTR", "slices follow the (promoted, prediction, arrival, id) order; running requests are passed "
                + "over only once the budget is spent, waiting ones only for maxRunning or memory; preemptions go "
                + "lowest first; predictions never change (policy ltr)", new Replay(true, false));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    public String forPolicy() {
        return "ltr";
    }

    @Override
    protected void onHeader(TraceEvent.Header h) {
        Map<String, String> p = h.parameters();
        starvation = "on".equals(p.get("starvation"));
        fit = !"preempt".equals(p.get("admission"));
        threshold = parse(p.get("threshold"), threshold);
        quantum = parse(p.get("quantum"), quantum);
    }

    @Override
    protected void onArrival(TraceEvent.Arrival a) {
        long id = a.request().id();
        if (live.containsKey(id)) return;
        Info i = new Info(id, a.request().arrivalUs());
        live.put(id, i);
        arrived.add(i);
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        readPredictions(s);
        if (starvation) review();
        judge(s, f);
        after(s, f);
    }

    /** Takes the predictions the witness gives: a first one for a new arrival, never a different one later. */
    private void readPredictions(TraceEvent.Step s) {
        for (Map.Entry<String, Long> e : s.witness().entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) continue;
            Info i = live.get(parseId(e.getKey()));
            if (i == null) continue;
            long p = e.getValue();
            if (i.predicted == 0) {
                i.predicted = (int) Math.max(1, Math.min(Integer.MAX_VALUE, p));
            } else if (p != i.predicted) {
                report(s.index(), i.id, "the prediction of request " + i.id + " changed from " + i.predicted + " to "
                        + p + " (scores are static: asked once, at arrival)");
            }
        }
        for (Info i : arrived) {
            if (i.predicted == 0) {
                report(s.index(), i.id, "the witness of the first step after request " + i.id + " arrived gives no "
                        + PREFIX + i.id + ": it is ranked last");
                i.predicted = Integer.MAX_VALUE;
            }
            waiting.add(i);
        }
        arrived.clear();
    }

    /** Starvation control before the order (ALGORITHMS.md 5.4 step 2). */
    private void review() {
        promoted.clear();
        for (Info i : live.values()) {
            if (i.idle >= threshold) {
                i.promoted = true;
                i.idle = 0;
                i.runs = quantum;
            } else if (i.promoted && i.runs <= 0) {
                i.promoted = false;
            }
            if (i.promoted) promoted.add(i);
        }
    }

    private void judge(TraceEvent.Step s, Replay.StepFacts f) {
        Map<Long, Slice> scheduled = new HashMap<>();
        Info last = null;
        long tokens = 0;
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            Info i = live.get(sf.slice().requestId());
            tokens += sf.slice().length();
            if (i == null) continue; // not live: SAFE-CAUSALITY's
            scheduled.put(i.id, sf.slice());
            if (last != null && ORDER.compare(i, last) < 0) {
                report(s.index(), i.id, "schedules request " + i.id + " " + describe(i) + " after request " + last.id
                        + " " + describe(last) + ": slices go in the (promoted, prediction, arrival, id) order");
                return;
            }
            last = i;
        }
        if (f.runningAtStart.isEmpty() && !s.rejected()) {
            Info head = head();
            if (head != null && !scheduled.containsKey(head.id)) {
                report(s.index(), head.id, "no request holds KV, yet waiting request " + head.id + " " + describe(head)
                        + ", first in the order, has no slice: its reservation (its predicted blocks, at most the "
                        + (config.numBlocks() - config.watermarkBlocks()) + " blocks the engine gives a sequence) "
                        + "fits the empty pool");
                return;
            }
        }
        Set<Long> preempted = new HashSet<>(s.preempted());
        Info lowestPaused = null;
        int running = f.runningAtStart.size();
        for (Replay.RunningFact r : f.runningAtStart) {
            Info i = live.get(r.id());
            if (i == null || scheduled.containsKey(i.id)) continue;
            if (last != null && ORDER.compare(i, last) < 0) {
                report(s.index(), i.id, "running request " + i.id + " " + describe(i) + " ranks before scheduled "
                        + "request " + last.id + " " + describe(last) + " but has no slice: a running request is passed "
                        + "over only once the budget is spent");
                return;
            }
            if (preempted.contains(i.id)) continue;
            if (tokens < config.tokenBudget()) {
                report(s.index(), i.id, "pauses running request " + i.id + " while the slices take only " + tokens
                        + " of the " + config.tokenBudget() + "-token budget");
                return;
            }
            if (lowestPaused == null || ORDER.compare(i, lowestPaused) > 0) lowestPaused = i;
        }
        Info previous = null;
        for (Replay.PreemptFact p : f.preempts) {
            Info i = live.get(p.requestId());
            if (i == null || p.before() != Replay.Status.RUNNING) continue;
            if (previous != null && ORDER.compare(i, previous) > 0) {
                report(s.index(), i.id, "preempts request " + i.id + " " + describe(i) + " after request "
                        + previous.id + " " + describe(previous) + ": preemptions go lowest priority first");
                return;
            }
            if (lowestPaused != null && ORDER.compare(i, lowestPaused) < 0) {
                report(s.index(), i.id, "preempts request " + i.id + " " + describe(i) + " but leaves request "
                        + lowestPaused.id + " " + describe(lowestPaused) + ", ranked lower, paused");
                return;
            }
            previous = i;
        }
        if (last != null) judgeWaiting(s, last, running, scheduled);
    }

    /** The first waiting request in the order (promoted ones first), or null when none waits. */
    private Info head() {
        Info head = null;
        for (Info i : promoted) {
            if (waiting.contains(i) && (head == null || RANK.compare(i, head) < 0)) head = i;
        }
        return head != null || waiting.isEmpty() ? head : waiting.first();
    }

    /**
     * The waiting requests ranked before the last scheduled one, with the admissions among them in order: each passed
     * over needs {@code maxRunning} requests holding KV, or (admission=fit) memory; a promoted one passed over for
     * memory holds back every unpromoted admission behind it.
     */
    private void judgeWaiting(TraceEvent.Step s, Info last, int running, Map<Long, Slice> scheduled) {
        List<Info> met = new ArrayList<>();
        for (Info i : promoted) {
            if (waiting.contains(i) && ORDER.compare(i, last) <= 0) met.add(i);
        }
        met.sort(RANK);
        if (!last.promoted) {
            for (Info i : waiting.headSet(last, true)) if (!i.promoted) met.add(i);
        }
        int resident = running;
        Info holding = null;
        for (Info i : met) {
            boolean admitted = scheduled.containsKey(i.id);
            if (admitted) {
                if (holding != null && !i.promoted) {
                    report(s.index(), i.id, "admits unpromoted request " + i.id + " after promoted request "
                            + holding.id + " was passed over with " + resident + " of " + config.maxRunning()
                            + " requests holding KV (a promoted request that does not fit holds back the "
                            + "unpromoted admissions behind it)");
                    return;
                }
                resident++;
            } else if (resident < config.maxRunning()) {
                if (!fit) {
                    report(s.index(), i.id, "passes over waiting request " + i.id + " " + describe(i) + ", ranked "
                            + "before scheduled request " + last.id + " " + describe(last) + ", with " + resident
                            + " of " + config.maxRunning() + " requests holding KV (admission=preempt)");
                    return;
                }
                if (i.promoted && holding == null) holding = i;
            }
        }
    }

    private static String describe(Info i) {
        return "(" + (i.promoted ? "promoted, " : "") + "prediction " + i.predicted + ", arrival " + i.arrivalUs
                + " us)";
    }

    /** Starvation control after the step (5.4 step 6), then the waiting set and the finished requests. */
    private void after(TraceEvent.Step s, Replay.StepFacts f) {
        Set<Long> ran = new HashSet<>();
        if (!s.rejected()) for (Slice sl : s.slices()) ran.add(sl.requestId());
        if (starvation) {
            for (Info i : live.values()) {
                if (ran.contains(i.id)) {
                    i.idle = 0;
                    if (i.promoted) i.runs--;
                } else {
                    i.idle++;
                }
            }
        }
        if (s.rejected()) return;
        for (Replay.PreemptFact p : f.preempts) {
            Info i = live.get(p.requestId());
            if (i != null && p.before() == Replay.Status.RUNNING) waiting.add(i);
        }
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            Info i = live.get(sf.slice().requestId());
            if (i == null) continue;
            if (sf.admitted()) waiting.remove(i);
            if (sf.finishes()) {
                waiting.remove(i);
                live.remove(i.id);
            }
        }
    }

    private static long parseId(String key) {
        try {
            return Long.parseLong(key.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int parse(String s, int otherwise) {
        try {
            return s == null ? otherwise : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
