package org.schedproof.invariants;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import org.schedproof.spec.Request;
import org.schedproof.spec.trace.TraceEvent;

/**
 * BATCH-HOL, the head-of-line stop (ALGORITHMS.md 4.3 phase 2 and 4.5.3, Sarathi-Serve and vLLM stop at the first
 * request that does not fit; 1.5 #6, VTC does not skip to another client; spec/TRACE.md 3.3, the witness
 * {@code blocked}): the request a step's pass offered last and the former did not admit is a waiting request the step
 * does not admit, and it is the one the policy offers next once the step's admissions are made, from the requests
 * waiting at the step's start (prefill-first offers before it preempts): under {@code fcfs} the earliest of them in
 * (arrival, id) order not admitted; under {@code vtc} and {@code lcf} the queue head
 * of the least-counter waiting client, re-ranked after the admissions (FAIRNESS.md 2.2 rule 3); under {@code dlpm}
 * a request whose client's gate is still open after them (FAIRNESS.md 3.3; the LPM order of the waiting requests is
 * not in a trace). Nor may a step admit a request the policy would offer only after the blocked one (fcfs, vtc). A
 * step without the entry (the pass ran dry, no pass ran, a scheduler that does not record it) has nothing to judge.
 * Applies to the formers {@code sarathi}, {@code prefill-first} and {@code orca}.
 */
final class BatchHol extends AbstractChecker {
    private static final Set<String> FORMERS = Set.of("sarathi", "prefill-first", "orca");

    /** Under fcfs: the waiting requests in (arrival, id) order, and every live request by id. */
    private TreeSet<Request> queue;
    private final Long2ObjectOpenHashMap<Request> requests = new Long2ObjectOpenHashMap<>();
    /** Under vtc or lcf, and under dlpm over its own deficits: the policy's state, recomputed. */
    private VtcState vtc;
    private DlpmState dlpm;
    private long witnessRefills;

    BatchHol() {
        super("BATCH-HOL", "the blocked request of a step's witness is waiting, not admitted, and the one the policy "
                + "offers next; nothing ranked after it is admitted (batching sarathi, prefill-first, orca)",
                new Replay(true, false));
    }

    @Override
    public boolean applicable() {
        return FORMERS.contains(batching());
    }

    @Override
    protected void onHeader(TraceEvent.Header h) {
        String p = tracePolicy();
        if ("fcfs".equals(p)) queue = new TreeSet<>(Request::byArrival);
        if ("vtc".equals(p) || "lcf".equals(p)) vtc = new VtcState(h);
        if ("dlpm".equals(p) && !"shared".equals(h.parameters().get("deficits"))) dlpm = new DlpmState(h);
    }

    @Override
    protected void onArrival(TraceEvent.Arrival a) {
        Request r = a.request();
        if (requests.putIfAbsent(r.id(), r) != null) return;
        if (queue != null) queue.add(r);
        if (vtc != null) vtc.arrive(r);
        if (dlpm != null) dlpm.arrive(r);
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        if (dlpm != null) {
            Long seen = s.witness().get("dlpm.refills");
            dlpm.pass(seen == null ? null : seen - witnessRefills, !s.preempted().isEmpty());
            if (seen != null) witnessRefills = seen;
        }
        Long blocked = s.witness().get("blocked");
        if (applies() && blocked != null && isWaiting(s, f, blocked)) {
            if (queue != null) judgeFcfs(s, f, blocked);
            if (vtc != null) judgeVtc(s, f, blocked);
            if (dlpm != null) judgeDlpm(s, f, blocked);
        }
        if (vtc != null) vtc.lifts.clear();
        if (s.rejected()) return;
        if (vtc != null) vtc.ran(s, f);
        if (dlpm != null) dlpm.ran(f);
        for (Replay.PreemptFact p : f.preempts) {
            if (queue != null && p.before() == Replay.Status.RUNNING && !p.twice()) queue.add(requests.get(p.requestId()));
        }
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            // most slices neither admit nor finish: no lookup for them
            if (queue != null && sf.admitted()) {
                Request r = requests.get(sf.slice().requestId());
                if (r != null) queue.remove(r);
            }
            if (sf.finishes()) requests.remove(sf.slice().requestId());
        }
    }

    /** The rule every policy shares: the blocked request waits after the step's preemptions and is not admitted. */
    private boolean isWaiting(TraceEvent.Step s, Replay.StepFacts f, long blocked) {
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            if (sf.slice().requestId() == blocked) {
                report(s.index(), blocked, "the witness names request " + blocked + " blocked, but the step gives it a "
                        + "slice");
                return false;
            }
        }
        Replay.Status status = replay.status(blocked);
        boolean preemptedNow = s.rejected() && s.preempted().contains(blocked);
        if (status != Replay.Status.WAITING && !preemptedNow) {
            report(s.index(), blocked, "the witness names request " + blocked + " blocked, but it is "
                    + status.name().toLowerCase() + ", not waiting");
            return false;
        }
        return true;
    }

    /**
     * fcfs: the earliest request of the queue the pass saw not admitted, and no admission after it in (arrival, id)
     * order. The pass saw the waiting requests at the step's start: a former that offers in a step that preempts
     * (prefill-first) runs its pass before it preempts.
     */
    private void judgeFcfs(TraceEvent.Step s, Replay.StepFacts f, long blocked) {
        Set<Long> admitted = Set.of(); // most steps admit nothing
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            if (!sf.admitted()) continue;
            if (admitted.isEmpty()) admitted = new HashSet<>();
            admitted.add(sf.slice().requestId());
        }
        Request expected = null;
        if (admitted.isEmpty()) {
            if (!queue.isEmpty()) expected = queue.first(); // most steps admit nothing: no iterator
        } else {
            for (Request r : queue) {
                if (!admitted.contains(r.id())) {
                    expected = r;
                    break;
                }
            }
        }
        Request b = requests.get(blocked);
        if (expected != null && expected.id() != blocked) {
            report(s.index(), blocked, "the pass stopped at request " + blocked + " (arrived " + b.arrivalUs()
                    + " us) while request " + expected.id() + " (arrived " + expected.arrivalUs() + " us) waits ahead "
                    + "of it, not admitted: the pass must stop at the earliest");
        }
        if (admitted.isEmpty()) return;
        for (long id : admitted) {
            Request a = requests.get(id);
            if (a != null && Request.byArrival(a, b) > 0) {
                report(s.index(), id, "admits request " + id + " (arrived " + a.arrivalUs() + " us) after the pass "
                        + "stopped at request " + blocked + " (arrived " + b.arrivalUs() + " us)");
                return;
            }
        }
    }

    /** vtc, lcf: the head of the least-counter waiting client after the admissions; none admitted once it was next. */
    private void judgeVtc(TraceEvent.Step s, Replay.StepFacts f, long blocked) {
        VtcState.PassReplay pass = vtc.pass(f);
        for (VtcState.Admission a : pass.admissions()) {
            if (a.expectedRequest() == blocked) {
                report(s.index(), a.requestId(), "admits request " + a.requestId() + " when the pass had reached "
                        + "request " + blocked + ", where it stopped (the least-counter client's head)");
                return;
            }
        }
        if (pass.nextOffer() != blocked) {
            report(s.index(), blocked, "the pass stopped at request " + blocked + " but, after the step's admissions, "
                    + "VTC offers request " + pass.nextOffer() + " (the least-counter waiting client's head)");
        }
    }

    /** dlpm: the blocked request's client's gate is open after the step's admissions (closed gates are skipped). */
    private void judgeDlpm(TraceEvent.Step s, Replay.StepFacts f, long blocked) {
        long[] committed = dlpm.committed(f.runningAtStart);
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            Request r = dlpm.request(sf.slice().requestId());
            if (sf.admitted() && !sf.preempted() && r != null) committed[dlpm.clientOf(r.id())] += dlpm.commitment(r, sf.hit());
        }
        int c = dlpm.clientOf(blocked);
        if (c >= 0 && dlpm.deficit(c) - committed[c] <= 0) {
            report(s.index(), blocked, "the pass stopped at request " + blocked + " of client '" + dlpm.clients.get(c)
                    + "' whose gate is closed (deficit " + dlpm.deficit(c) + ", committed prompt work " + committed[c]
                    + "): DLPM skips closed gates");
        }
    }
}
