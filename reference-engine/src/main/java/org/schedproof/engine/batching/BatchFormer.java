package org.schedproof.engine.batching;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.StepOutcome;
import org.schedproof.spec.trace.WitnessMap;

/**
 * A batch-formation policy over an {@link Ordering}; the scheduler a run uses is one of these. Its witness is the
 * ordering's plus {@code blocked}: the request the step's admission pass offered last and the former did not admit,
 * where the pass stopped (head-of-line); absent when the pass ran dry or none ran (spec/TRACE.md, BATCH-HOL).
 */
public abstract class BatchFormer implements Scheduler {
    /** The witness key naming the request a pass stopped at. */
    public static final String BLOCKED = "blocked";

    protected final Ordering ordering;
    /** The request this step's pass offered last, until the former admits it; null when none. */
    private RequestView offered;

    protected BatchFormer(Ordering ordering) {
        this.ordering = ordering;
    }

    /** The former's registry name, e.g. {@code sarathi}. */
    protected abstract String formerName();

    @Override
    public final String name() {
        return ordering.name() + "/" + formerName();
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>(ordering.parameters());
        p.put("ordering", ordering.name());
        p.put("batching", formerName());
        return p;
    }

    @Override
    public void onArrival(Request request, long nowUs) {
        ordering.onArrival(request, nowUs);
    }

    @Override
    public void onStepEnd(StepOutcome outcome) {
        ordering.onStepEnd(outcome);
        offered = null;
    }

    @Override
    public Map<String, Long> witness() {
        if (offered == null) return ordering.witness();
        return WitnessMap.copyOf(ordering.witness()).with(BLOCKED, offered.id());
    }

    /**
     * This step's admission pass: the ordering's, remembering the request offered last until it is admitted, so the
     * witness names where the pass stopped. Formers take every pass through here.
     */
    //@ ensures \result != null;
    protected final Ordering.Pass pass(EngineView v) {
        Ordering.Pass pass = ordering.pass(v);
        offered = null;
        return new Ordering.Pass() {
            @Override
            public RequestView next() {
                RequestView w = pass.next();
                // a null after a refusal ends the pass at the refused request; after an admission, the pass ran dry
                if (w != null) offered = w;
                return w;
            }

            @Override
            public void admitted(RequestView request, int hit, int tokens) {
                pass.admitted(request, hit, tokens);
                offered = null;
            }
        };
    }

    /**
     * Blocks that admitting waiting request {@code w} with a cached prefix of {@code hit} tokens takes out of free plus
     * evictable: those of its whole sequence beyond the hit (reserved at admission, as vLLM and Sarathi do), and the
     * evictable cached blocks the hit pins.
     */
    protected static long admissionBlocks(EngineView v, RequestView w, int hit) {
        return v.blocksFor(w.sequenceLength()) - hit / v.config().blockSize() + v.cachedPrefixEvictableBlocks(w.id());
    }

    /**
     * Runs every running request with all its pending tokens, in admission order, preempting from the tail when one
     * lacks a block; an unfinished prompt (left by a chunking former) only if it fits in {@code budget} beside what is
     * taken. Adds to {@code slices} and {@code preempted}; returns the tokens taken.
     */
    protected static long runAllRunning(EngineView v, long avail, int budget, List<Slice> slices, List<Long> preempted) {
        List<? extends RequestView> run = v.running();
        boolean[] gone = new boolean[run.size()];
        long tokens = 0;
        for (int i = 0; i < run.size(); i++) {
            if (gone[i]) continue;
            RequestView r = run.get(i);
            if (!r.isDecode() && tokens + r.pending() > budget) continue;
            long need = v.blocksFor(r.sequenceLength()) - r.blocksHeld();
            if (avail < need) {
                long gained = preemptFromTail(v, run, gone, i, need - avail, preempted);
                if (gained < 0) continue;
                avail += gained;
            }
            slices.add(new Slice(r.id(), r.computed(), r.pending()));
            tokens += r.pending();
            avail -= need;
        }
        return tokens;
    }

    /**
     * Admits waiting requests in policy order, each with its whole prompt (after its cached prefix), while the sequence
     * cap, the token budget and the blocks above the watermark allow; stops at the first that does not fit.
     */
    protected void admitWholePrompts(EngineView v, int runningCount, long tokens, long avail, List<Slice> slices) {
        Ordering.Pass pass = pass(v);
        for (RequestView w; (w = pass.next()) != null; ) {
            if (runningCount >= v.config().maxRunning()) break;
            int hit = v.cachedPrefixTokens(w.id());
            int need = w.sequenceLength() - hit;
            if (tokens + need > v.config().tokenBudget()) break;
            long take = admissionBlocks(v, w, hit);
            if (avail - take < v.config().watermarkBlocks()) break;
            avail -= take;
            slices.add(new Slice(w.id(), hit, need));
            pass.admitted(w, hit, need);
            tokens += need;
            runningCount++;
        }
    }

    /**
     * Frees blocks for a decode at {@code index} by preempting from the tail of {@code run} (recompute), as vLLM and
     * Sarathi do. Returns the blocks gained, or -1 when the request at {@code index} itself had to be preempted.
     */
    protected static long preemptFromTail(EngineView v, List<? extends RequestView> run, boolean[] gone, int index,
                                          long shortfall, List<Long> preempted) {
        long gained = 0;
        for (int j = run.size() - 1; gained < shortfall; j--) {
            while (j > index && gone[j]) j--;
            gone[j] = true;
            preempted.add(run.get(j).id());
            if (j == index) return -1;
            gained += v.releasableBlocks(run.get(j).id());
        }
        return gained;
    }
}
