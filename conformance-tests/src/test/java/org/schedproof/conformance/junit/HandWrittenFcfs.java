package org.schedproof.conformance.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.StepOutcome;

/**
 * A scheduler outside the reference registry, written the way a team porting Sarathi-Serve would write it: FCFS
 * under stall-free batching, from spec/BATCHING.md section 5 alone (decodes first, preempting from the tail of
 * running when one lacks a block; running prefills chunked to the budget left; admissions in arrival order with a
 * head-of-line stop and none in an iteration that preempted). {@code broken} is a deliberate porting bug: admissions
 * take the newest waiting request first.
 */
final class HandWrittenFcfs implements Scheduler {
    private static final int MAX_TOKENS = 1 << 30;
    private final boolean broken;
    private Long blocked;

    HandWrittenFcfs(boolean broken) {
        this.broken = broken;
    }

    @Override
    public String name() {
        return "fcfs/sarathi";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("ordering", "fcfs", "batching", "sarathi");
    }

    @Override
    public Map<String, Long> witness() {
        return blocked == null ? Map.of() : Map.of("blocked", blocked);
    }

    @Override
    public void onStepEnd(StepOutcome outcome) {
        blocked = null;
    }

    @Override
    public Batch schedule(EngineView v) {
        int bs = v.config().blockSize();
        int budget = Math.min(v.config().tokenBudget(), MAX_TOKENS);
        List<? extends RequestView> running = v.running();
        boolean[] gone = new boolean[running.size()];
        List<Long> preempted = new ArrayList<>();
        List<Slice> slices = new ArrayList<>();
        int used = 0;
        int avail = v.freeBlocks() + v.evictableBlocks();
        int reserved = 0;
        for (RequestView r : running) {
            if (!r.isDecode()) reserved += ceil(r.sequenceLength(), bs) - r.blocksHeld();
        }
        for (int i = 0; i < running.size(); i++) { // 1. decodes, never refused for budget
            RequestView r = running.get(i);
            if (gone[i] || !r.isDecode()) continue;
            int need = ceil(r.computed() + 1, bs) - r.blocksHeld();
            if (avail - reserved < need) {
                int before = preempted.size();
                int gained = preemptFromTail(v, running, gone, i, need - (avail - reserved), preempted);
                for (int k = before; k < preempted.size(); k++) reserved -= reservation(running, preempted.get(k), bs);
                if (gained < 0) continue;
                avail += gained;
            }
            slices.add(new Slice(r.id(), r.computed(), 1));
            used += 1;
            avail -= need;
        }
        for (int i = 0; i < running.size(); i++) { // 2. running prefills, chunked
            RequestView r = running.get(i);
            if (gone[i] || r.isDecode()) continue;
            int fits = (r.blocksHeld() + Math.max(0, avail)) * bs - r.computed();
            int c = chunk(budget, used, r.pending());
            if (fits < c) c = fits <= 0 ? 0 : fits;
            if (c == 0) continue;
            int blocks = ceil(r.computed() + c, bs) - r.blocksHeld();
            avail -= blocks;
            reserved -= blocks;
            slices.add(new Slice(r.id(), r.computed(), c));
            used += c;
        }
        int runningCount = running.size() - preempted.size(); // 3. admissions, head-of-line stop
        int headroom = avail - reserved;
        List<RequestView> order = new ArrayList<>(v.waiting());
        if (broken) java.util.Collections.reverse(order);
        blocked = null;
        for (RequestView w : order) {
            if (!preempted.isEmpty()) break;
            blocked = w.id();
            if (runningCount >= v.config().maxRunning()) break;
            int hit = v.cachedPrefixTokens(w.id());
            int c = chunk(budget, used, w.sequenceLength() - hit);
            if (c == 0) break;
            int take = ceil(w.sequenceLength(), bs) - hit / bs + v.cachedPrefixEvictableBlocks(w.id());
            if (headroom - take < v.config().watermarkBlocks()) break;
            headroom -= take;
            slices.add(new Slice(w.id(), hit, c));
            blocked = null;
            used += c;
            runningCount++;
        }
        return new Batch(preempted, slices);
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int chunk(int budget, int used, int pending) {
        if (used >= budget) return 0;
        return Math.min(pending, budget - used);
    }

    /** Blocks gained by preempting from the tail, or -1 when the request at {@code index} itself went. */
    private static int preemptFromTail(EngineView v, List<? extends RequestView> running, boolean[] gone, int index,
                                       int shortfall, List<Long> preempted) {
        int gained = 0;
        int j = running.size() - 1;
        while (gained < shortfall) {
            while (j > index && gone[j]) j--;
            gone[j] = true;
            preempted.add(running.get(j).id());
            if (j == index) return -1;
            gained += v.releasableBlocks(running.get(j).id());
            j--;
        }
        return gained;
    }

    private static int reservation(List<? extends RequestView> running, long id, int bs) {
        for (RequestView r : running) {
            if (r.id() == id) return r.isDecode() ? 0 : ceil(r.sequenceLength(), bs) - r.blocksHeld();
        }
        return 0;
    }
}
