package org.schedproof.invariants;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import org.schedproof.spec.trace.TraceEvent;

/**
 * ORDER-FCFS (ALGORITHMS.md 4.5.3 and 4.3 phase 2; Sarathi-Serve and vLLM admit new requests in arrival order and
 * stop at the first that does not fit): the requests a step admits are, in batch order, the head of the waiting queue
 * ordered by (arrival time, request id), a preempted request keeping its place by its arrival. The queue is the
 * arrived requests holding no KV after the step's preemptions. Applies when the trace's policy is {@code fcfs}.
 */
final class OrderFcfs extends AbstractChecker {
    /** A waiting request's place in the FCFS order. */
    private record Place(long arrivalUs, long id) implements Comparable<Place> {
        @Override
        public int compareTo(Place o) {
            int c = Long.compare(arrivalUs, o.arrivalUs);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    private final TreeSet<Place> queue = new TreeSet<>();
    private final Map<Long, Long> arrivalOf = new HashMap<>();

    OrderFcfs() {
        super("ORDER-FCFS", "a step admits the head of the waiting queue in (arrival, id) order, preempted requests "
                + "keeping their place (policy fcfs)", new Replay(false, false));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    public String forPolicy() {
        return "fcfs";
    }

    @Override
    protected void onArrival(TraceEvent.Arrival a) {
        long id = a.request().id();
        if (arrivalOf.putIfAbsent(id, a.request().arrivalUs()) == null) queue.add(new Place(a.request().arrivalUs(), id));
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        TreeSet<Place> q = s.rejected() && !f.preempts.isEmpty() ? new TreeSet<>(queue) : queue;
        for (Replay.PreemptFact p : f.preempts) {
            if (p.before() == Replay.Status.RUNNING && !p.twice()) q.add(place(p.requestId()));
        }
        Iterator<Place> head = null; // most steps admit nothing: no walk to the queue's head
        boolean judged = false;
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            if (!sf.admitted() || sf.preempted()) continue;
            long id = sf.slice().requestId();
            if (head == null) head = q.iterator();
            Place expected = head.hasNext() ? head.next() : null;
            if (!judged && applies() && expected != null && expected.id() != id) {
                report(s.index(), id, "admits request " + id + " (arrived " + arrivalOf.get(id) + " us) while request "
                        + expected.id() + " (arrived " + expected.arrivalUs() + " us) is ahead of it in the waiting "
                        + "queue of " + q.size());
                judged = true;
            }
        }
        if (s.rejected()) return;
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            if (sf.admitted()) q.remove(place(sf.slice().requestId()));
            if (sf.finishes()) arrivalOf.remove(sf.slice().requestId());
        }
    }

    private Place place(long id) {
        return new Place(arrivalOf.getOrDefault(id, Long.MIN_VALUE), id);
    }
}
