package org.schedproof.engine.batching;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.StepOutcome;

/** A batch-formation policy over an {@link Ordering}; the scheduler a run uses is one of these. */
public abstract class BatchFormer implements Scheduler {
    protected final Ordering ordering;

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
    }

    @Override
    public Map<String, Long> witness() {
        return ordering.witness();
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
