package org.schedproof.engine.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.policy.VtcOptions.Admission;
import org.schedproof.engine.policy.VtcOptions.Lift;
import org.schedproof.engine.policy.VtcOptions.OutputCharge;
import org.schedproof.kernels.VtcCounters;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.StepOutcome;
import org.schedproof.spec.trace.WitnessMap;

/**
 * Virtual Token Counter (Sheng et al., "Fairness in Serving Large Language Models", OSDI'24, section 4; released code
 * {@code slora/server/router/vtc_req_queue.py} and, with no lift, {@code lcf_req_queue.py}), defined exactly in
 * spec/FAIRNESS.md section 2: each client has an integer counter of the weighted service it received (prompt
 * positions computed and tokens emitted, spec/METRICS.md section 12); an admission pass offers the head of the
 * backlogged client with the least counter (lowest client index among equals: clients are indexed in the order their
 * first request arrived), charges the admitted slice's prompt positions and re-ranks, and ends at the first request
 * not admitted; a client whose waiting queue becomes non-empty is lifted so it cannot spend credit banked while idle.
 *
 * <p>The pass ranks on a scratch copy; the step's end applies the step as it ran (admissions, every slice's prompt
 * positions, every emitted token, preemptions), so a rejected step changes nothing and the witness of step k holds
 * the counters before step k's own service, after its arrivals.
 */
public final class Vtc implements Ordering {
    /**
     * Where a pass finds the backlogged client with the least counter. The reference scans every client
     * ({@link #SCAN}, the proved {@link VtcCounters#argMin}); an indexed ranking (gpu-engine's IndexedVtc) keeps
     * them sorted, told of every change, and must answer exactly as the scan does.
     */
    public interface ClientRanking {
        /** Client k's counter or backlog changed (outside a pass): it is now {@code counter}, backlogged or not. */
        default void changed(int k, long counter, boolean backlogged) {}

        /** A pass begins on scratch copies of the counters and queue lengths equal to the state now. */
        default void passStarts() {}

        /** In the pass, client k's scratch counter or queue length changed. */
        default void touched(int k, long counter, boolean backlogged) {}

        /** The backlogged client of the scratch state with the least counter, lowest index among equals; -1 if none. */
        //@ ensures \result == VtcCounters.argMin(c, w, n, -1);
        int least(long[] c, int[] w, int n);

        /** The view's entry of waiting request r if the ranking can name it directly; null: the pass searches the list. */
        default RequestView waiting(EngineView view, Request r) {
            return null;
        }
    }

    /** The reference ranking: a scan of every client. */
    public static final ClientRanking SCAN = (c, w, n) -> VtcCounters.argMin(c, w, n, -1);

    private final String name;
    private final VtcOptions options;
    private final Map<String, String> parameters;
    private final ClientRanking ranking;

    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> clients = new ArrayList<>();
    /** Per client index: its witness key {@code vtc.c.CLIENT}, made once (the witness is built every step). */
    private String[] keys = new String[8];
    private final List<TreeSet<Request>> queues = new ArrayList<>();
    private final Map<Long, Request> waitingById = new HashMap<>();
    private final Map<Long, Request> running = new HashMap<>();
    private long[] counters = new long[8];
    private int[] waiting = new int[8];
    private int lastLeft = -1;

    public Vtc(String name, VtcOptions options, Map<String, String> parameters) {
        this(name, options, parameters, SCAN);
    }

    public Vtc(String name, VtcOptions options, Map<String, String> parameters, ClientRanking ranking) {
        this.name = name;
        this.options = options;
        this.ranking = ranking;
        Map<String, String> p = new LinkedHashMap<>(parameters);
        p.put("scale", Long.toString(options.scale()));
        this.parameters = Collections.unmodifiableMap(p);
    }

    /** The {@code vtc} policy with its options (FAIRNESS.md section 2). */
    public static Vtc vtc(PolicyOptions o) {
        return vtc(o, SCAN);
    }

    /** The {@code vtc} policy ranking clients with {@code ranking}. */
    public static Vtc vtc(PolicyOptions o, ClientRanking ranking) {
        return new Vtc("vtc", VtcOptions.read(o, false), o.resolved(), ranking);
    }

    /** The {@code lcf} baseline: VTC with no lift. */
    public static Vtc lcf(PolicyOptions o) {
        return lcf(o, SCAN);
    }

    /** The {@code lcf} baseline ranking clients with {@code ranking}. */
    public static Vtc lcf(PolicyOptions o, ClientRanking ranking) {
        VtcOptions options = VtcOptions.read(o, true);
        Map<String, String> p = new LinkedHashMap<>(o.resolved());
        p.put("lift", PolicyOptions.id(Lift.NONE));
        return new Vtc("lcf", options, p, ranking);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    /** The options this policy runs with (gpu-engine's FastVtc reads them to implement the same rules). */
    public VtcOptions options() {
        return options;
    }

    /** Client {@code client}'s counter now (0 for a client not yet seen), in units of 1/scale weighted token. */
    public long counter(String client) {
        Integer k = index.get(client);
        return k == null ? 0 : counters[k];
    }

    //@ requires request != null;
    //@ ensures counter(request.client()) >= \old(counter(request.client()));
    @Override
    public void onArrival(Request request, long nowUs) {
        enqueue(clientIndex(request.client()), request);
    }

    //@ requires view != null;
    //@ ensures \result != null;
    @Override
    public Pass pass(EngineView view) {
        return new VtcPass(view);
    }

    //@ requires outcome != null;
    //@ ensures (\forall String c; counter(c) >= \old(counter(c)));
    @Override
    public void onStepEnd(StepOutcome outcome) {
        for (long id : outcome.preempted()) {
            Request r = runningRequest(id);
            running.remove(id);
            enqueue(clientIndex(r.client()), r);
        }
        for (Slice s : outcome.ran()) {
            Request r = waitingById.remove(s.requestId());
            if (r != null) {
                int k = clientIndex(r.client());
                queues.get(k).remove(r);
                if (--waiting[k] == 0) lastLeft = k;
                ranking.changed(k, counters[k], waiting[k] > 0);
                running.put(r.id(), r);
            }
            r = runningRequest(s.requestId());
            chargeAndRank(clientIndex(r.client()), options.inputPrice() * promptPositions(r, s.start(), s.length()));
        }
        long perToken = !outcome.finished().isEmpty() && options.outputCharge() == OutputCharge.ARTIFACT ? 2 : 1;
        for (long id : outcome.emitted()) {
            chargeAndRank(clientIndex(runningRequest(id).client()), options.outputPrice() * perToken);
        }
        for (long id : outcome.finished()) running.remove(id);
    }

    /** The counters, keyed {@code vtc.c.CLIENT}, in client index order. */
    @Override
    public Map<String, Long> witness() {
        return WitnessMap.of(keys, counters, clients.size());
    }

    // ---- the state changes, each one of FAIRNESS.md section 2's rules ----

    private int clientIndex(String client) {
        Integer k = index.get(client);
        if (k != null) return k;
        int n = clients.size();
        if (n == counters.length) {
            counters = Arrays.copyOf(counters, 2 * n);
            waiting = Arrays.copyOf(waiting, 2 * n);
            keys = Arrays.copyOf(keys, 2 * n);
        }
        index.put(client, n);
        clients.add(client);
        keys[n] = "vtc.c." + client;
        queues.add(new TreeSet<>(Request::byArrival));
        return n;
    }

    /** A request joins its client's queue; if the queue was empty the client is lifted (the lift rule). */
    private void enqueue(int k, Request r) {
        queues.get(k).add(r);
        waitingById.put(r.id(), r);
        waiting[k]++;
        if (waiting[k] == 1 && options.lift() != Lift.NONE) {
            VtcCounters.liftOnReturn(counters, waiting, clients.size(), k,
                    options.lift() == Lift.PAPER ? lastLeft : -1);
        }
        ranking.changed(k, counters[k], true);
    }

    /** Charges client k's counter (outside a pass) and tells the ranking. */
    private void chargeAndRank(int k, long price) {
        charge(counters, k, price);
        ranking.changed(k, counters[k], waiting[k] > 0);
    }

    /** Prompt positions in {@code [start, start + length)}: the service a slice's computation is worth at w_p. */
    private static long promptPositions(Request r, int start, int length) {
        return Math.max(0, Math.min(start + length, r.promptLength()) - start);
    }

    /** Adds {@code price} weighted tokens to client k's counter in {@code c}, or fails naming the client. */
    private void charge(long[] c, int k, long price) {
        long amount = Math.multiplyExact(price, options.unit(clients.get(k)));
        if (c[k] > Long.MAX_VALUE - amount) {
            throw new ArithmeticException("VTC counter of client '" + clients.get(k) + "' would overflow");
        }
        VtcCounters.charge(c, k, amount);
    }

    private Request runningRequest(long id) {
        Request r = running.get(id);
        if (r == null) throw new IllegalStateException("VTC: request " + id + " ran but was never admitted");
        return r;
    }

    /**
     * One admission pass on scratch copies of the counters and queue lengths: offers the head of the least-counter
     * backlogged client, charges the admitted slice and re-ranks, and ends at the first request offered and not
     * admitted (or, with reserve-max-output, at the first head whose final length does not fit).
     */
    private final class VtcPass implements Pass {
        private final EngineView view;
        private final int n = clients.size();
        private final long[] c = Arrays.copyOf(counters, n);
        private final int[] w = Arrays.copyOf(waiting, n);
        /** Per client, its queue's iterator once the pass reached it (an array: a pass begins every step). */
        private final Object[] heads;
        private final Request[] head;
        private long reservedBlocks;
        private RequestView offered;
        private int offeredClient = -1;
        private boolean over;

        VtcPass(EngineView view) {
            this.view = view;
            this.head = new Request[n];
            this.heads = new Object[n];
            ranking.passStarts();
            if (options.admission() == Admission.RESERVE_MAX_OUTPUT) {
                for (RequestView r : view.running()) reservedBlocks += finalBlocks(r.request());
            }
        }

        @Override
        public RequestView next() {
            int k = over || offered != null ? -1 : ranking.least(c, w, n);
            if (k != -1) {
                Request r = headOf(k);
                boolean fits = options.admission() == Admission.FORMER
                        || reservedBlocks + finalBlocks(r) <= view.config().numBlocks() - view.config().watermarkBlocks();
                if (fits) {
                    offered = find(r);
                    offeredClient = k;
                    return offered;
                }
            }
            over = true;
            return null;
        }

        @Override
        public void admitted(RequestView request, int hit, int tokens) {
            if (request != offered) {
                throw new IllegalStateException("VTC: the former admitted request " + request.id()
                        + " which the pass did not offer last");
            }
            int k = offeredClient;
            charge(c, k, options.inputPrice() * promptPositions(request.request(), hit, tokens));
            w[k]--;
            ranking.touched(k, c[k], w[k] > 0);
            head[k] = null;
            reservedBlocks += finalBlocks(request.request());
            offered = null;
        }

        private Request headOf(int k) {
            if (head[k] == null) {
                if (heads[k] == null) heads[k] = queues.get(k).iterator();
                @SuppressWarnings("unchecked")
                Iterator<Request> it = (Iterator<Request>) heads[k];
                head[k] = it.next();
            }
            return head[k];
        }

        /** The engine's view of waiting request r. */
        private RequestView find(Request r) {
            RequestView known = ranking.waiting(view, r);
            return known != null ? known : findWaiting(view, r);
        }

        private long finalBlocks(Request r) {
            return view.blocksFor(r.promptLength() + r.maxNewTokens());
        }
    }

    /**
     * The engine's view of waiting request {@code r}, found by a binary search of the waiting list (in arrival order);
     * VTC's queues name the request, the engine's list holds its view.
     */
    public static RequestView findWaiting(EngineView view, Request r) {
        List<? extends RequestView> list = view.waiting();
        int lo = 0, hi = list.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = Request.byArrival(list.get(mid).request(), r);
            if (cmp == 0) return list.get(mid);
            if (cmp < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        throw new IllegalStateException("VTC: request " + r.id() + " of client '" + r.client()
                + "' is queued but the engine does not list it as waiting");
    }
}
