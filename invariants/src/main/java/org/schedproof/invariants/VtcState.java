package org.schedproof.invariants;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent;

/**
 * VTC's state recomputed from a trace alone, by the rules of spec/FAIRNESS.md section 2, for the FAIR-VTC checkers
 * (each owns one): clients indexed in the order of their first arrival line, integer counters in units of 1/scale
 * weighted token, per-client FIFO queues, the client that left last. Options come from the header's parameters
 * ({@code input-price}, {@code output-price}, {@code weights}, {@code lift}, {@code output-charge}), their documented
 * defaults standing in for missing ones; the policy {@code lcf} has no lift.
 *
 * <p>The checkers call {@link #arrive} for each arrival line and, for each step, {@link #pass} (the admissions judged
 * against the counters before the step's service) then {@link #ran} (the step as it ran; not for a rejected step).
 */
final class VtcState {
    /** The lift options of FAIRNESS.md 2.2 rule 2. */
    enum Lift { PAPER, ARTIFACT, NONE }

    /** A lift that happened: client, counter before and after, and the rule that gave the new value. */
    record LiftEvent(int client, long before, long after, String why) {}

    /**
     * One admission of a pass: its request and client, who should have been chosen by rule 3 (client, its counter and
     * its queue head {@code expectedRequest}), and the head of the admitted request's own client.
     */
    record Admission(long requestId, int client, long counter, int expectedClient, long expectedCounter,
                     long expectedRequest, long expectedHead) {}

    /** A step's admissions judged by rule 3, and the request rule 3 offers after them (-1 when no client waits). */
    record PassReplay(List<Admission> admissions, long nextOffer) {}

    final long inputPrice;
    final long outputPrice;
    final Lift lift;
    final boolean artifactOutputCharge;
    final long scale;
    private final Map<String, Long> weights;

    private final Map<String, Integer> index = new HashMap<>();
    final List<String> clients = new ArrayList<>();
    private final List<TreeSet<Request>> queues = new ArrayList<>();
    private final List<Long> counters = new ArrayList<>();
    private final Map<Long, Request> requests = new HashMap<>();
    private final Map<Long, Request> running = new HashMap<>();
    private int lastLeft = -1;
    /** Lifts since the last step line. */
    final List<LiftEvent> lifts = new ArrayList<>();

    VtcState(TraceEvent.Header h) {
        Map<String, String> p = h.parameters();
        inputPrice = parseLong(p.getOrDefault("input-price", "1"));
        outputPrice = parseLong(p.getOrDefault("output-price", "2"));
        String policy = h.policy().contains("/") ? h.policy().substring(0, h.policy().indexOf('/')) : h.policy();
        lift = "lcf".equals(policy) ? Lift.NONE : switch (p.getOrDefault("lift", "paper")) {
            case "artifact" -> Lift.ARTIFACT;
            case "none" -> Lift.NONE;
            default -> Lift.PAPER;
        };
        artifactOutputCharge = "artifact".equals(p.get("output-charge"));
        weights = weights(p.getOrDefault("weights", ""));
        long s = 1;
        for (long w : weights.values()) s = s / gcd(s, w) * w;
        scale = s;
    }

    /** The header's {@code scale}, when it gives one that differs from the lcm of the weights; else null. */
    static String scaleMismatch(TraceEvent.Header h, VtcState v) {
        String given = h.parameters().get("scale");
        return given == null || given.equals(Long.toString(v.scale)) ? null
                : "header scale " + given + " but the lcm of the weights is " + v.scale;
    }

    long counter(int k) {
        return counters.get(k);
    }

    /** The prompt length of an arrived, unfinished request; -1 for another. */
    int promptLength(long requestId) {
        Request r = requests.get(requestId);
        return r == null ? -1 : r.promptLength();
    }

    /** Counter units one weighted token of client k is worth: scale / weight. */
    long unit(int k) {
        return scale / weights.getOrDefault(clients.get(k), 1L);
    }

    boolean waiting(int k) {
        return !queues.get(k).isEmpty();
    }

    /** Client k's waiting requests. */
    int queued(int k) {
        return queues.get(k).size();
    }

    /** An arrived, unfinished request; null for another. */
    Request request(long requestId) {
        return requests.get(requestId);
    }

    /** The client index of an arrived, unfinished request; -1 for another. */
    int clientOf(long requestId) {
        Request r = requests.get(requestId);
        return r == null ? -1 : index.get(r.client());
    }

    /** Rule 1: the request joins its client's queue (a new client gets counter 0), lifting the client if empty. */
    void arrive(Request r) {
        if (requests.putIfAbsent(r.id(), r) != null) return;
        enqueue(clientIndex(r.client()), r);
    }

    /**
     * Rule 3, judged: the step's admissions (slices of requests that were waiting, in batch order) against the
     * least-counter choice on scratch counters, each admission charging its slice's prompt positions before the
     * next is judged; then the offer the pass makes after them. Changes nothing.
     */
    PassReplay pass(Replay.StepFacts f) {
        List<Admission> out = new ArrayList<>();
        long[] c = new long[clients.size()];
        int[] w = new int[clients.size()];
        for (int k = 0; k < c.length; k++) {
            c[k] = counters.get(k);
            w[k] = queues.get(k).size();
        }
        Set<Long> taken = new HashSet<>();
        for (int i = 0; i < f.slices.size(); i++) {
            Replay.SliceFact sf = f.slices.get(i);
            if (!sf.admitted() || sf.preempted()) continue;
            Request r = requests.get(sf.slice().requestId());
            if (r == null) continue;
            int k = index.get(r.client());
            int best = leastWaiting(c, w);
            out.add(new Admission(r.id(), k, c[k], best, best < 0 ? 0 : c[best], best < 0 ? -1 : head(best, taken),
                    head(k, taken)));
            taken.add(r.id());
            c[k] += unit(k) * inputPrice * promptPositions(r, sf.slice());
            if (w[k] > 0) w[k]--;
        }
        int next = leastWaiting(c, w);
        return new PassReplay(out, next < 0 ? -1 : head(next, taken));
    }

    /** The waiting client with the least counter in {@code c}, the lowest index among equals; -1 when none waits. */
    private static int leastWaiting(long[] c, int[] w) {
        int best = -1;
        for (int j = 0; j < c.length; j++) {
            if (w[j] > 0 && (best == -1 || c[j] < c[best])) best = j;
        }
        return best;
    }

    /** The first request of client k's queue not yet {@code taken}, -1 when none. */
    private long head(int k, Set<Long> taken) {
        for (Request q : queues.get(k)) {
            if (!taken.contains(q.id())) return q.id();
        }
        return -1;
    }

    /** Rule 4: the step as it ran: preemptions re-queue (lifting), slices dequeue and charge, tokens charge. */
    void ran(TraceEvent.Step s, Replay.StepFacts f) {
        for (Replay.PreemptFact p : f.preempts) {
            if (p.before() != Replay.Status.RUNNING || p.twice()) continue;
            Request r = running.remove(p.requestId());
            if (r != null) enqueue(index.get(r.client()), r);
        }
        for (int i = 0; i < f.slices.size(); i++) {
            Replay.SliceFact sf = f.slices.get(i);
            Request r = requests.get(sf.slice().requestId());
            if (r == null || sf.before() == Replay.Status.FINISHED || sf.before() == Replay.Status.UNKNOWN) continue;
            int k = index.get(r.client());
            if (queues.get(k).remove(r)) {
                if (queues.get(k).isEmpty()) lastLeft = k;
                running.put(r.id(), r);
            }
            charge(k, inputPrice * promptPositions(r, sf.slice()));
        }
        long perToken = artifactOutputCharge && !f.finished.isEmpty() ? 2 : 1;
        for (int j = 0; j < f.emits.size(); j++) {
            long id = f.emits.getLong(j);
            Request r = requests.get(id);
            if (r != null) charge(index.get(r.client()), outputPrice * perToken);
        }
        for (int j = 0; j < f.finished.size(); j++) {
            long id = f.finished.getLong(j);
            running.remove(id);
            requests.remove(id);
        }
    }

    /** The counters by client name, as the witness names them ({@code vtc.c.CLIENT}). */
    Map<String, Long> witnessView() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int k = 0; k < clients.size(); k++) out.put("vtc.c." + clients.get(k), counters.get(k));
        return out;
    }

    /**
     * The service the requests running now (after a pass) can still receive, per client and in counter units:
     * {@code unit·Σ (w_p·max(0, P - computed prompt) + w_q·(N - generated))}; {@code computed} and {@code generated}
     * are read from the replay's state before the step's service.
     */
    long[] restOfRunning(Map<Long, int[]> computedAndGenerated) {
        long[] rest = new long[clients.size()];
        for (Map.Entry<Long, int[]> e : computedAndGenerated.entrySet()) {
            Request r = requests.get(e.getKey());
            if (r == null) continue;
            int k = index.get(r.client());
            int computedPrompt = Math.min(e.getValue()[0], r.promptLength());
            rest[k] += unit(k) * (inputPrice * (r.promptLength() - computedPrompt)
                    + outputPrice * (long) (r.maxNewTokens() - e.getValue()[1]));
        }
        return rest;
    }

    private void enqueue(int k, Request r) {
        TreeSet<Request> q = queues.get(k);
        q.add(r);
        if (q.size() != 1 || lift == Lift.NONE) return;
        int other = -1;
        for (int j = 0; j < clients.size(); j++) {
            if (j != k && !queues.get(j).isEmpty() && (other == -1 || counters.get(j) < counters.get(other))) other = j;
        }
        int to = other != -1 ? other : lift == Lift.PAPER ? lastLeft : -1;
        long before = counters.get(k);
        if (to == -1 || to == k || counters.get(to) <= before) return;
        counters.set(k, counters.get(to));
        lifts.add(new LiftEvent(k, before, counters.get(to), other != -1
                ? "the least counter of the other waiting clients (" + clients.get(to) + ")"
                : "the counter of " + clients.get(to) + ", the client that left the queue last"));
    }

    private void charge(int k, long price) {
        counters.set(k, counters.get(k) + unit(k) * price);
    }

    private int clientIndex(String client) {
        Integer k = index.get(client);
        if (k != null) return k;
        index.put(client, clients.size());
        clients.add(client);
        queues.add(new TreeSet<>(Request::byArrival));
        counters.add(0L);
        return clients.size() - 1;
    }

    static long promptPositions(Request r, Slice s) {
        return Math.max(0, Math.min(s.end(), r.promptLength()) - s.start());
    }

    private static Map<String, Long> weights(String spec) {
        Map<String, Long> out = new HashMap<>();
        if (spec.isBlank()) return out;
        for (String item : spec.split(",", -1)) {
            int colon = item.lastIndexOf(':');
            if (colon < 0) continue;
            long w = parseLong(item.substring(colon + 1).trim());
            if (w >= 1) out.put(item.substring(0, colon).trim(), w);
        }
        return out;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
