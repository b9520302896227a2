package org.schedproof.engine.policy;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.StepOutcome;

/**
 * Virtual Token Counter (Sheng et al., "Fairness in Serving Large Language Models", OSDI'24, section 4; released code
 * {@code slora/server/router/vtc_req_queue.py} and, with no lift, {@code lcf_req_queue.py}), defined exactly in
 * spec/FAIRNESS.md section 2: each client has an integer counter of the weighted service it received; an admission
 * pass offers the head of the backlogged client with the least counter (lowest client index among equals: clients
 * are indexed in the order their first request arrived), charges a request's prompt at its first admission and
 * re-ranks, and stops at the first request not admitted; every emitted token is charged at the step's end; a client
 * whose waiting queue becomes non-empty is lifted so it cannot spend credit banked while idle.
 *
 * <p>The pass charges a scratch copy; the step's end commits it unless the engine rejected the step. So the witness
 * of step k holds the counters before step k's admissions, after its arrivals.
 */
public final class Vtc implements Ordering {
    private final String name;
    private final VtcOptions options;
    private final Map<String, String> parameters;

    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> clients = new ArrayList<>();
    private final List<TreeSet<Request>> queues = new ArrayList<>();
    private long[] counters = new long[8];
    private int[] waiting = new int[8];
    private int lastLeft = -1;
    private final Map<Long, Request> running = new HashMap<>();
    private VtcPass pending;

    public Vtc(String name, VtcOptions options, Map<String, String> parameters) {
        this.name = name;
        this.options = options;
        Map<String, String> p = new LinkedHashMap<>(parameters);
        p.put("scale", Long.toString(options.scale()));
        this.parameters = Map.copyOf(p);
    }

    /** The {@code vtc} policy with its options (FAIRNESS.md section 2). */
    public static Vtc vtc(PolicyOptions o) {
        return new Vtc("vtc", VtcOptions.read(o, false), o.resolved());
    }

    /** The {@code lcf} baseline: VTC with no lift. */
    public static Vtc lcf(PolicyOptions o) {
        VtcOptions options = VtcOptions.read(o, true);
        Map<String, String> p = new LinkedHashMap<>(o.resolved());
        p.put("lift", PolicyOptions.id(Lift.NONE));
        return new Vtc("lcf", options, p);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

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
        pending = new VtcPass(view);
        return pending;
    }

    //@ requires outcome != null;
    //@ ensures (\forall String c; counter(c) >= \old(counter(c)));
    @Override
    public void onStepEnd(StepOutcome outcome) {
        VtcPass pass = pending;
        pending = null;
        if (outcome.rejected()) return;
        if (pass != null) pass.commit();
        boolean finishing = !outcome.finished().isEmpty();
        long perToken = finishing && options.outputCharge() == OutputCharge.ARTIFACT ? 2 : 1;
        for (long id : outcome.emitted()) charge(clientIndex(runningRequest(id).client()), options.outputPrice() * perToken);
        for (long id : outcome.finished()) running.remove(id);
        for (long id : outcome.preempted()) {
            Request r = runningRequest(id);
            running.remove(id);
            enqueue(clientIndex(r.client()), r);
        }
    }

    /** The counters, keyed {@code vtc.c.CLIENT}, in client index order. */
    @Override
    public Map<String, Long> witness() {
        Map<String, Long> w = new LinkedHashMap<>();
        for (int k = 0; k < clients.size(); k++) w.put("vtc.c." + clients.get(k), counters[k]);
        return w;
    }

    // ---- the state changes, each one of FAIRNESS.md section 2's rules ----

    private int clientIndex(String client) {
        Integer k = index.get(client);
        if (k != null) return k;
        int n = clients.size();
        if (n == counters.length) {
            counters = Arrays.copyOf(counters, 2 * n);
            waiting = Arrays.copyOf(waiting, 2 * n);
        }
        index.put(client, n);
        clients.add(client);
        queues.add(new TreeSet<>(Request::byArrival));
        return n;
    }

    /** A request joins its client's queue; if the queue was empty the client is lifted (the lift rule). */
    private void enqueue(int k, Request r) {
        queues.get(k).add(r);
        waiting[k]++;
        if (waiting[k] == 1 && options.lift() != Lift.NONE) {
            VtcCounters.liftOnReturn(counters, waiting, clients.size(), k,
                    options.lift() == Lift.PAPER ? lastLeft : -1);
        }
    }

    private void charge(int k, long price) {
        chargeOn(counters, k, price);
    }

    /** Adds {@code price} weighted tokens to client k's counter in {@code c}, or fails naming the client. */
    private void chargeOn(long[] c, int k, long price) {
        long amount = Math.multiplyExact(price, options.unit(clients.get(k)));
        if (c[k] > Long.MAX_VALUE - amount) {
            throw new ArithmeticException("VTC counter of client '" + clients.get(k) + "' would overflow");
        }
        VtcCounters.charge(c, k, amount);
    }

    private Request runningRequest(long id) {
        Request r = running.get(id);
        if (r == null) throw new IllegalStateException("VTC: request " + id + " was never admitted through its pass");
        return r;
    }

    /**
     * One admission pass on scratch copies: offers the head of the least-counter backlogged client, charges and
     * re-ranks on each admission, and ends at the first request offered and not admitted.
     */
    private final class VtcPass implements Pass {
        private final EngineView view;
        private final int n = clients.size();
        private final long[] c = Arrays.copyOf(counters, counters.length);
        private final int[] w = Arrays.copyOf(waiting, waiting.length);
        private final List<Iterator<Request>> heads = new ArrayList<>();
        private final Request[] head;
        private final List<Request> taken = new ArrayList<>();
        private int left = lastLeft;
        private long reservedBlocks;
        private RequestView offered;
        private int offeredClient = -1;
        private boolean over;

        VtcPass(EngineView view) {
            this.view = view;
            this.head = new Request[n];
            for (int k = 0; k < n; k++) heads.add(null);
            if (options.admission() == Admission.RESERVE_MAX_OUTPUT) {
                for (RequestView r : view.running()) reservedBlocks += finalBlocks(r.request());
            }
        }

        @Override
        public RequestView next() {
            if (over || offered != null) {
                over = true;
                return null;
            }
            int k = VtcCounters.argMin(c, w, n, -1);
            if (k == -1) {
                over = true;
                return null;
            }
            Request r = headOf(k);
            if (options.admission() == Admission.RESERVE_MAX_OUTPUT && reservedBlocks + finalBlocks(r) > capacity()) {
                over = true;
                return null;
            }
            offered = find(r);
            offeredClient = k;
            return offered;
        }

        @Override
        public void admitted(RequestView request, int hit, int tokens) {
            if (request != offered) {
                throw new IllegalStateException("VTC: the former admitted request " + request.id()
                        + " which the pass did not offer last");
            }
            int k = offeredClient;
            if (request.preemptions() == 0) chargeOn(c, k, options.inputPrice() * request.request().promptLength());
            w[k]--;
            if (w[k] == 0) left = k;
            taken.add(request.request());
            head[k] = null;
            reservedBlocks += finalBlocks(request.request());
            offered = null;
        }

        /** The step ran: the pass's charges, dequeues and last-left client become the state. */
        void commit() {
            System.arraycopy(c, 0, counters, 0, n);
            System.arraycopy(w, 0, waiting, 0, n);
            lastLeft = left;
            for (Request r : taken) {
                queues.get(index.get(r.client())).remove(r);
                running.put(r.id(), r);
            }
        }

        private Request headOf(int k) {
            if (head[k] == null) {
                if (heads.get(k) == null) heads.set(k, queues.get(k).iterator());
                head[k] = heads.get(k).next();
            }
            return head[k];
        }

        /** The engine's view of waiting request r (the waiting list is in arrival order, so a binary search). */
        private RequestView find(Request r) {
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

        private long finalBlocks(Request r) {
            return view.blocksFor(r.promptLength() + r.maxNewTokens());
        }

        private long capacity() {
            return (long) view.config().numBlocks() - view.config().watermarkBlocks();
        }
    }
}
