package org.schedproof.engine.policy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.kernels.DeficitLedger;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.StepOutcome;

/**
 * Deficit longest prefix match (Cao et al., "Locality-aware Fair Scheduling in LLM Serving", arXiv 2501.14312,
 * section 4; ALGORITHMS.md 2.4), defined exactly in spec/FAIRNESS.md section 3: deficit round robin across clients
 * with {@link Lpm}'s order inside each round. A pass walks the LPM order and offers a request only while its client's
 * deficit exceeds the prompt work committed to the client (its running requests' uncomputed prompt positions and
 * this pass's admissions); when only exhausted clients' requests remain and every client backlogged at the pass's
 * start has deficit at most 0, the ledger refills them all and the walk restarts. Deficits are charged at each step's
 * end with exactly the service the step gave (spec/METRICS.md section 12). The arithmetic is
 * {@link DeficitLedger}'s.
 *
 * <p>The witness of step k holds the deficits after step k's pass (its returning-client rule and refills applied,
 * its service not yet charged) as {@code dlpm.q.CLIENT}, and {@code dlpm.refills}, the rounds added so far.
 */
public final class Dlpm implements Ordering {
    /** Which prompt positions an admission charges (ambiguity 4). */
    public enum Charge {
        /** Those the request computes: the service of METRICS.md section 12 (the Yandex SGLang mixin's choice). */
        UNCACHED,
        /** All of them, the prefix-cache hit included. */
        FULL_PROMPT
    }

    /** What a client's deficit becomes when it is backlogged again after a pass that found it idle (ambiguity 5). */
    public enum OnReturn {
        /** Unchanged: the refill rule already caps credit at one quantum, and a debt is still owed. */
        KEEP,
        /** 0: debt forgiven, credit lost. */
        RESET,
        /** A positive deficit becomes 0; a debt stays (as VTC's lift: credit banked while idle is lost). */
        DROP_CREDIT
    }

    /** Default quantum, in price units: four full 512-token prefill budgets. */
    public static final long DEFAULT_QUANTUM = 2048;

    private final Lpm lpm;
    private final ClientDeficits deficits;
    private final long quantum;
    private final Charge charge;
    private final OnReturn onReturn;
    private final long inputPrice;
    private final long outputPrice;
    private final Map<String, String> parameters;

    private final Map<Long, Request> live = new HashMap<>();
    private final Set<Long> admittedThisStep = new HashSet<>();
    private boolean[] wasBacklogged = new boolean[0];

    /** A DLPM ordering with its own deficits. */
    public Dlpm(PolicyOptions o) {
        this(o, null);
    }

    /** A DLPM ordering over {@code shared} deficits (their quantum wins), or its own when {@code shared} is null. */
    public Dlpm(PolicyOptions o, ClientDeficits shared) {
        this.lpm = new Lpm(o);
        long q = o.longValue("quantum", DEFAULT_QUANTUM, 1, DeficitLedger.LIMIT);
        this.charge = o.enumValue("charge", Charge.class, Charge.UNCACHED);
        this.onReturn = o.enumValue("on-return", OnReturn.class, OnReturn.KEEP);
        this.inputPrice = o.longValue("input-price", 1, 0, 1_000);
        this.outputPrice = o.longValue("output-price", 2, 0, 1_000);
        this.deficits = shared != null ? shared : new ClientDeficits(q);
        this.quantum = deficits.ledger().quantum();
        Map<String, String> p = new HashMap<>(o.resolved());
        p.put("quantum", Long.toString(quantum));
        // A trace over deficits other engines also charge cannot be recomputed alone: the checkers must know.
        if (shared != null) p.put("deficits", "shared");
        this.parameters = Map.copyOf(p);
    }

    @Override
    public String name() {
        return "dlpm";
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    public ClientDeficits deficits() {
        return deficits;
    }

    //@ ensures live.containsKey(request.id());
    @Override
    public void onArrival(Request request, long nowUs) {
        deficits.index(request.client());
        live.put(request.id(), request);
    }

    //@ ensures \result != null;
    @Override
    public Pass pass(EngineView view) {
        List<RequestView> order = lpm.order(view);
        int[] client = new int[order.size()];
        boolean[] backlogged = new boolean[deficits.ledger().size()];
        for (int i = 0; i < client.length; i++) {
            client[i] = deficits.index(order.get(i).request().client());
            backlogged[client[i]] = true;
        }
        return new DlpmPass(order, client, backlogged, beginPass(view, backlogged));
    }

    /**
     * Starts a pass in which the clients with waiting requests are {@code backlogged}: applies the returning-client
     * rule and returns the prompt work each client's running requests have committed. Public for a pass whose LPM
     * order an index supplies (gpu-engine's IndexedDlpm); {@link #pass} starts its own passes with it.
     */
    //@ requires backlogged.length == deficits().ledger().size();
    //@ ensures \result.length == backlogged.length;
    public long[] beginPass(EngineView view, boolean[] backlogged) {
        admittedThisStep.clear();
        DeficitLedger ledger = deficits.ledger();
        for (int c = 0; c < backlogged.length; c++) {
            if (backlogged[c] && (c >= wasBacklogged.length || !wasBacklogged[c])) {
                if (onReturn == OnReturn.RESET) ledger.reset(c);
                else if (onReturn == OnReturn.DROP_CREDIT) ledger.dropCredit(c);
            }
        }
        wasBacklogged = backlogged;
        long[] committed = new long[ledger.size()];
        for (RequestView r : view.running()) {
            committed[deficits.index(r.request().client())] += inputPrice * Math.max(0, r.request().promptLength() - r.computed());
        }
        return committed;
    }

    /**
     * Records the admission of {@code request} after a cached prefix of {@code hit} tokens for this step's charge, and
     * returns the prompt work it commits to its client. Public for the same reason as {@link #beginPass}.
     */
    //@ requires hit >= 0;
    //@ ensures \result >= 0;
    public long admit(RequestView request, int hit) {
        int prompt = request.request().promptLength();
        int positions = charge == Charge.FULL_PROMPT ? prompt : Math.max(0, prompt - hit);
        admittedThisStep.add(request.id());
        return inputPrice * positions;
    }

    /** One pass: the LPM order gated by deficits, with refills when every backlogged client is exhausted. */
    private final class DlpmPass implements Pass {
        private final List<RequestView> order;
        private final int[] client;
        private final boolean[] backlogged;
        private final long[] committed;
        private final boolean[] offered;
        private int remaining;
        private int cursor;
        private int last = -1;

        DlpmPass(List<RequestView> order, int[] client, boolean[] backlogged, long[] committed) {
            this.order = order;
            this.client = client;
            this.backlogged = backlogged;
            this.committed = committed;
            this.offered = new boolean[order.size()];
            this.remaining = order.size();
        }

        /** The next request in LPM order whose client's gate is open, refilling when the rule allows; null at the end. */
        @Override
        public RequestView next() {
            DeficitLedger ledger = deficits.ledger();
            while (true) {
                // A client's gate only closes during a pass (commitments grow) until a refill, so one cursor suffices.
                for (; cursor < order.size(); cursor++) {
                    int c = client[cursor];
                    if (!offered[cursor] && ledger.mayAdmit(c, committed[c])) {
                        offered[cursor] = true;
                        remaining--;
                        last = cursor;
                        return order.get(cursor++);
                    }
                }
                if (remaining == 0 || !ledger.allExhausted(backlogged)) return null;
                ledger.refill(backlogged);
                cursor = 0;
            }
        }

        @Override
        public void admitted(RequestView request, int hit, int tokens) {
            if (last < 0 || order.get(last) != request) {
                throw new IllegalStateException("admitted request " + request.id() + " is not the one last offered");
            }
            committed[client[last]] += admit(request, hit);
        }
    }

    //@ requires outcome != null;
    //@ ensures admittedThisStep.isEmpty();
    @Override
    public void onStepEnd(StepOutcome outcome) {
        if (!outcome.rejected()) {
            for (Slice s : outcome.ran()) {
                Request r = request(s.requestId());
                int prompt = r.promptLength();
                long positions = Math.max(0, Math.min(prompt, s.start() + s.length()) - s.start());
                if (charge == Charge.FULL_PROMPT && admittedThisStep.contains(r.id())) {
                    positions += Math.min(s.start(), prompt);
                }
                deficits.charge(deficits.index(r.client()), inputPrice * positions);
            }
            for (long id : outcome.emitted()) deficits.charge(deficits.index(request(id).client()), outputPrice);
            for (long id : outcome.finished()) live.remove(id);
        }
        admittedThisStep.clear();
    }

    private Request request(long id) {
        Request r = live.get(id);
        if (r == null) throw new IllegalStateException("dlpm: step names request " + id + ", which never arrived");
        return r;
    }

    //@ ensures \result.containsKey("dlpm.refills");
    @Override
    public Map<String, Long> witness() {
        return deficits.witness("dlpm");
    }
}
