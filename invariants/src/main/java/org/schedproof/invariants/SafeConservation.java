package org.schedproof.invariants;

import java.util.ArrayDeque;
import java.util.Map;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.schedproof.spec.trace.TraceEvent;

/**
 * SAFE-CONSERVATION: every arrived request completes exactly once with exactly {@code maxNewTokens} emitted
 * tokens. Counted from the steps' {@code emitted} lists (SAFE-CAUSALITY ties those to the slices): a request is
 * listed in a step's {@code finished} exactly when that step emits its last token; nothing is emitted for it
 * afterwards (or before its arrival); the completion lines after a step are its {@code finished} list, in order,
 * each with {@code generated == maxNewTokens}; an id arrives once; and at the end line nothing is unfinished — a run
 * that ended other than {@code done} is reported as such, with its unfinished count.
 */
final class SafeConservation extends AbstractChecker {
    /** Live requests: id -> {maxNewTokens, tokens emitted so far}. */
    private final Long2ObjectLinkedOpenHashMap<int[]> live = new Long2ObjectLinkedOpenHashMap<>();
    private final LongOpenHashSet finished = new LongOpenHashSet();
    private final LongOpenHashSet completed = new LongOpenHashSet();
    private final ArrayDeque<Long> expected = new ArrayDeque<>();
    /** Finished requests: id -> maxNewTokens (-1: none). */
    private final Long2IntOpenHashMap maxOfFinished = new Long2IntOpenHashMap();
    {
        maxOfFinished.defaultReturnValue(-1);
    }
    private long arrivals;
    private long finishedStep = -1;

    SafeConservation() {
        super("SAFE-CONSERVATION", "every arrived request completes exactly once with exactly maxNewTokens tokens; "
                + "nothing is emitted after completion; completions match the step's finished list", null);
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    protected void onArrival(TraceEvent.Arrival a) {
        long id = a.request().id();
        if (live.containsKey(id) || finished.contains(id)) {
            report(lastStep + 1, id, "request " + id + " arrives a second time (before step " + (lastStep + 1) + ")");
            return;
        }
        arrivals++;
        live.put(id, new int[] {a.request().maxNewTokens(), 0});
    }

    private void missingCompletions(String before) {
        for (long id : expected) {
            report(finishedStep, id, "request " + id + " finished in step " + finishedStep + " but has no completion line "
                    + "before " + before);
        }
        expected.clear();
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        long step = s.index();
        if (!expected.isEmpty()) missingCompletions("step " + step);
        if (s.rejected()) {
            if (!s.emitted().isEmpty() || !s.finished().isEmpty()) {
                report(step, "rejected step lists " + s.emitted().size() + " emitted tokens and "
                        + s.finished().size() + " finished requests");
            }
            return;
        }
        LongArrayList reached = null;
        for (int k = 0; k < s.emitted().size(); k++) {
            long id = s.emitted().get(k).requestId();
            int[] r = live.get(id);
            if (r == null) {
                report(step, id, finished.contains(id)
                        ? "token emitted for request " + id + " after it finished (it had its " + maxOfFinished.get(id)
                        + " tokens)"
                        : "token emitted for request " + id + " which has not arrived");
                continue;
            }
            r[1]++;
            if (r[1] == r[0]) {
                if (reached == null) reached = new LongArrayList();
                reached.add(id);
            }
            if (r[1] > r[0]) {
                report(step, id, "request " + id + " emits token " + r[1] + " of maxNewTokens " + r[0]);
            }
        }
        if (s.finished().isEmpty() && reached == null) { // nothing finishes: nothing more to judge
            finishedStep = step;
            return;
        }
        LongOpenHashSet listed = new LongOpenHashSet(s.finished().size());
        for (long id : s.finished()) {
            if (!listed.add(id)) {
                report(step, id, "request " + id + " is listed twice in finished");
                continue;
            }
            int[] r = live.get(id);
            if (r == null) {
                report(step, id, finished.contains(id) ? "request " + id + " finishes a second time"
                        : "request " + id + " finishes without having arrived");
                continue;
            }
            if (r[1] != r[0]) {
                report(step, id, "request " + id + " finishes with " + r[1] + " tokens emitted, not its maxNewTokens "
                        + r[0]);
            }
            live.remove(id);
            finished.add(id);
            maxOfFinished.put(id, r[0]);
        }
        for (int i = 0; reached != null && i < reached.size(); i++) {
            long id = reached.getLong(i);
            if (!listed.contains(id)) {
                report(step, id, "request " + id + " emits its last token (" + live.get(id)[0] + " of "
                        + live.get(id)[0] + ") but is not listed as finished");
            }
        }
        expected.addAll(s.finished());
        finishedStep = step;
    }

    @Override
    protected void onCompletion(TraceEvent.Completion c) {
        long id = c.requestId();
        Long want = expected.poll();
        if (want == null || want != id) {
            report(lastStep, id, "completion of request " + id + " where step " + lastStep + " finished "
                    + (want == null ? "nothing more" : "request " + want + " next"));
            if (want != null) expected.addFirst(want);
        }
        if (!completed.add(id)) {
            report(lastStep, id, "request " + id + " completes a second time");
            return;
        }
        int max = maxOfFinished.get(id);
        int[] r = live.get(id);
        int maxNew = max >= 0 ? max : r != null ? r[0] : -1;
        if (maxNew < 0) {
            report(lastStep, id, "completion of request " + id + " which never arrived");
        } else if (c.generated() != maxNew) {
            report(lastStep, id, "completion says request " + id + " generated " + c.generated()
                    + " tokens, its maxNewTokens is " + maxNew);
        }
    }

    @Override
    protected void onEnd(TraceEvent.End e) {
        missingCompletions("the end line");
        if (!TraceEvent.End.DONE.equals(e.reason())) {
            report(lastStep, live.isEmpty() ? -1 : live.keySet().iterator().next(), "run ended '" + e.reason()
                    + "' with " + live.size() + " of " + arrivals + " arrived requests unfinished");
            return;
        }
        for (Map.Entry<Long, int[]> r : live.entrySet()) {
            report(lastStep, r.getKey(), "request " + r.getKey() + " never completed (" + r.getValue()[1] + " of "
                    + r.getValue()[0] + " tokens emitted) though the run ended 'done'");
        }
        if (header != null && arrivals < header.requests()) {
            report(lastStep, "the run ended 'done' but only " + arrivals + " of the header's " + header.requests()
                    + " requests arrived");
        }
    }
}
