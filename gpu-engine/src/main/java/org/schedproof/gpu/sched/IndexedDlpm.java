package org.schedproof.gpu.sched;

import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.policy.Dlpm;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.kernels.DeficitLedger;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.StepOutcome;

/**
 * The reference's {@link Dlpm} (reference-engine {@code policy/Dlpm.java}; spec/FAIRNESS.md section 3) with the LPM
 * order of its passes read lazily from an {@link LpmIndex} with one sorted set per client, instead of sorted each
 * pass. The deficits, the returning-client rule, the commitments and the charges are the reference instance's own.
 *
 * <p>A sweep of the reference walks the LPM order once, offering each request not yet offered whose client's gate is
 * open; a gate only closes during a sweep (commitments grow). So a sweep here is a merge of the clients' sets: the
 * smallest head among the clients still in the sweep is next, and a client whose gate is found closed leaves the
 * sweep. When the merge runs dry the reference's rule decides between the end of the pass and a refill and a new sweep.
 */
public final class IndexedDlpm implements Ordering {
    private final Dlpm reference;
    private LpmIndex index;
    /** Passes begun: a pass marks the entries it offered with its number. */
    private long passes;

    //@ requires o != null;
    public IndexedDlpm(PolicyOptions o) {
        this.reference = new Dlpm(o);
    }

    @Override
    public String name() {
        return reference.name();
    }

    @Override
    public Map<String, String> parameters() {
        return reference.parameters();
    }

    @Override
    public void onArrival(Request request, long nowUs) {
        reference.onArrival(request, nowUs);
    }

    @Override
    public void onStepEnd(StepOutcome outcome) {
        reference.onStepEnd(outcome);
    }

    @Override
    public Map<String, Long> witness() {
        return reference.witness();
    }

    //@ ensures \result != null;
    @Override
    public Pass pass(EngineView view) {
        if (index == null) {
            index = LpmIndex.listenTo(view, reference.parameters(),
                    r -> reference.deficits().index(r.request().client()));
        }
        if (index == null) return reference.pass(view);
        index.settle();
        boolean[] backlogged = new boolean[reference.deficits().ledger().size()];
        for (int c = 0; c < backlogged.length; c++) backlogged[c] = !index.ofClient(c).isEmpty();
        return new Sweeps(backlogged, reference.beginPass(view, backlogged));
    }

    /** A client's place in the current sweep: its next request not yet offered. */
    private static final class Head {
        final int client;
        final Iterator<LpmIndex.Entry> rest;
        LpmIndex.Entry entry;

        Head(int client, Iterator<LpmIndex.Entry> rest) {
            this.client = client;
            this.rest = rest;
        }
    }

    /** One pass: sweeps of the per-client merge, refilling between them as the reference does. */
    private final class Sweeps implements Pass {
        private final boolean[] backlogged;
        private final long[] committed;
        private final DeficitLedger ledger = reference.deficits().ledger();
        private final long pass = ++passes;
        private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> LpmIndex.LPM.compare(a.entry, b.entry));
        private int remaining = index.size();
        private LpmIndex.Entry last;

        Sweeps(boolean[] backlogged, long[] committed) {
            this.backlogged = backlogged;
            this.committed = committed;
            startSweep();
        }

        private void startSweep() {
            heads.clear();
            for (int c = 0; c < backlogged.length; c++) {
                if (backlogged[c]) advance(new Head(c, index.ofClient(c).iterator()));
            }
        }

        /** Moves {@code h} to its client's next request not yet offered and queues it, if there is one. */
        private void advance(Head h) {
            while (h.rest.hasNext()) {
                h.entry = h.rest.next();
                if (h.entry.offeredIn != pass) {
                    heads.add(h);
                    return;
                }
            }
        }

        @Override
        public RequestView next() {
            while (true) {
                for (Head h; (h = heads.poll()) != null; ) {
                    if (!ledger.mayAdmit(h.client, committed[h.client])) continue; // closed until the next refill
                    last = h.entry;
                    last.offeredIn = pass;
                    remaining--;
                    advance(h);
                    return last.request;
                }
                if (remaining == 0 || !ledger.allExhausted(backlogged)) return null;
                ledger.refill(backlogged);
                startSweep();
            }
        }

        @Override
        public void admitted(RequestView request, int hit, int tokens) {
            if (last == null || last.request != request) {
                throw new IllegalStateException("admitted request " + request.id() + " is not the one last offered");
            }
            committed[last.client] += reference.admit(request, hit);
        }
    }
}
