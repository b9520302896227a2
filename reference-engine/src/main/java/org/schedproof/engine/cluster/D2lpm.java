package org.schedproof.engine.cluster;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.policy.ClientDeficits;
import org.schedproof.engine.policy.Dlpm;
import org.schedproof.kernels.DeficitLedger;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.Scheduler;

/**
 * D²LPM, double deficit longest prefix match (Cao et al., "Locality-aware Fair Scheduling in LLM Serving", arXiv
 * 2501.14312, the distributed algorithm; ALGORITHMS.md 2.7, a reconstruction: ambiguity 6), defined exactly in
 * spec/FAIRNESS.md section 5. Two deficits:
 * <ul>
 *   <li>per (client, worker), kept here: how much of a client's work may be placed on one worker before the client
 *       spills elsewhere. A request of client i goes to the first worker, ranked by cached prefix of the request
 *       (longest first), then load (least first), then index, whose deficit q(i, w) is positive, and q(i, w) falls by
 *       the work placed there: {@code input-price * (prompt - cached prefix on w) + output-price * maxNewTokens}.
 *       When none is positive, the {@link Fallback} rule decides; refills add whole rounds of {@code worker-quantum}
 *       to all of the client's per-worker deficits at once ({@link DeficitLedger#refill}, one ledger per client whose
 *       entries are the workers);</li>
 *   <li>per client, cluster-wide: the workers run DLPM ({@link Dlpm}) over one shared {@link ClientDeficits}
 *       ({@link Deficits#GLOBAL}), so a client's service on any worker draws on the same deficit.</li>
 * </ul>
 * A larger worker quantum keeps a client on its cached worker longer (more hits, less balance); a smaller one spreads
 * it (balance, fewer hits).
 */
public final class D2lpm implements Router {
    /** When every per-worker deficit of the client is exhausted (ambiguity 6). */
    public enum Fallback {
        /** Refill the client's per-worker deficits, then rank as always: the longest match wins again. */
        REFILL,
        /** The least-loaded worker (ties: lowest index) gets the request, then the refill. */
        LEAST_LOADED
    }

    /** Whose deficits the workers' DLPM uses (ambiguity 6). */
    public enum Deficits {
        /** One ledger for the cluster: cluster-wide fairness. */
        GLOBAL,
        /** Each worker its own, as plain DLPM behind a router. */
        PER_WORKER
    }

    /** Default worker quantum, in price units: about four typical requests' work. */
    public static final long DEFAULT_WORKER_QUANTUM = 4096;

    private final long workerQuantum;
    private final Fallback fallback;
    private final Deficits deficits;
    private final long inputPrice;
    private final long outputPrice;
    /** Per client, its deficit on each worker: a ledger whose entries are the workers. */
    private final Map<String, DeficitLedger> perWorker = new HashMap<>();

    public D2lpm(PolicyOptions o) {
        this.workerQuantum = o.longValue("worker-quantum", DEFAULT_WORKER_QUANTUM, 1, DeficitLedger.LIMIT);
        this.fallback = o.enumValue("fallback", Fallback.class, Fallback.REFILL);
        this.deficits = o.enumValue("deficits", Deficits.class, Deficits.GLOBAL);
        this.inputPrice = o.longValue("input-price", 1, 0, 1_000);
        this.outputPrice = o.longValue("output-price", 2, 0, 1_000);
    }

    @Override
    public String name() {
        return "d2lpm";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("worker-quantum", Long.toString(workerQuantum));
        p.put("fallback", PolicyOptions.id(fallback));
        p.put("deficits", PolicyOptions.id(deficits));
        p.put("input-price", Long.toString(inputPrice));
        p.put("output-price", Long.toString(outputPrice));
        return p;
    }

    /**
     * The workers' schedulers: DLPM under {@code batching} with {@code params} on each, over one shared deficit
     * ledger ({@link Deficits#GLOBAL}) or each over its own.
     */
    public IntFunction<Scheduler> schedulers(String batching, Map<String, String> params) {
        Schedulers.Batching b = Schedulers.Batching.of(batching);
        // Under GLOBAL every worker, the first included, is built over one ledger (so each trace says it is shared).
        ClientDeficits common = deficits == Deficits.GLOBAL
                ? new Dlpm(new PolicyOptions("dlpm", params)).deficits() : null;
        return i -> {
            PolicyOptions o = new PolicyOptions("dlpm", params);
            Dlpm d = new Dlpm(o, common);
            o.requireAllKnown();
            return b.over(d);
        };
    }

    /**
     * Under {@link Fallback#REFILL} the worker chosen is the first in (longest match, least load, lowest index) order
     * with positive deficit, after a refill if none had one; its deficit then falls by the work placed there.
     */
    //@ ensures 0 <= \result && \result < workers.size();
    @Override
    public int route(Request request, List<? extends WorkerView> workers) {
        int n = workers.size();
        DeficitLedger q = perWorker.computeIfAbsent(request.client(), c -> newLedger(n));
        int[] hit = new int[n];
        long[] load = new long[n];
        for (int i = 0; i < n; i++) {
            hit[i] = workers.get(i).cachedPrefixTokens(request);
            load[i] = workers.get(i).outstandingTokens();
        }
        int chosen = best(q, hit, load);
        if (chosen < 0) {
            boolean[] all = new boolean[n];
            Arrays.fill(all, true);
            if (fallback == Fallback.LEAST_LOADED) {
                chosen = LeastLoaded.leastLoaded(workers);
                q.refill(all);
            } else {
                q.refill(all);
                chosen = best(q, hit, load);
            }
        }
        long cost = inputPrice * (request.promptLength() - hit[chosen]) + outputPrice * request.maxNewTokens();
        if (!q.canCharge(chosen, cost)) {
            throw new IllegalStateException("d2lpm: deficit of client '" + request.client() + "' on worker " + chosen
                    + " cannot be charged " + cost);
        }
        q.charge(chosen, cost);
        return chosen;
    }

    /** The client's deficit on a worker (0 before its first request), for tests and the witness of a decision. */
    public long deficitOn(String client, int worker) {
        DeficitLedger q = perWorker.get(client);
        return q == null ? 0 : q.deficit(worker);
    }

    private DeficitLedger newLedger(int workers) {
        DeficitLedger q = new DeficitLedger(workerQuantum);
        for (int i = 0; i < workers; i++) q.addClient();
        return q;
    }

    /** The worker ranked first by (longest match, least load, lowest index) among those with positive deficit; -1 if none. */
    private static int best(DeficitLedger q, int[] hit, long[] load) {
        int best = -1;
        for (int i = 0; i < hit.length; i++) {
            if (q.deficit(i) <= 0) continue;
            if (best < 0 || hit[i] > hit[best] || (hit[i] == hit[best] && load[i] < load[best])) best = i;
        }
        return best;
    }
}
