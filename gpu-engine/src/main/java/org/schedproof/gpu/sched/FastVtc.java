package org.schedproof.gpu.sched;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.engine.policy.Vtc;
import org.schedproof.engine.policy.VtcOptions;
import org.schedproof.engine.policy.VtcOptions.Admission;
import org.schedproof.engine.policy.VtcOptions.Lift;
import org.schedproof.engine.policy.VtcOptions.OutputCharge;
import org.schedproof.gpu.core.WaitingById;
import org.schedproof.kernels.VtcCounters;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.StepOutcome;
import org.schedproof.spec.trace.WitnessMap;

/**
 * VTC and its LCF baseline (spec/FAIRNESS.md section 2; Sheng et al., OSDI'24, section 4) with the rules of the
 * reference-engine's {@code policy/Vtc}, every option included, over its own state: requests in slots (the running
 * ones also in a small table by id), each client's waiting requests an intrusive list through the slots in (arrival,
 * id) order, counters and queue lengths in arrays by client index, and the backlogged clients in {@link IndexedVtc}'s
 * heap by (counter, index). A pass works on copy-on-touch scratch entries (stamped by pass) instead of copying every
 * client's counter and queue length, a lift reads the least other backlogged client from the heap instead of
 * scanning, and a step's end files each client it changed in the heap once. Name, parameters and options (and their
 * errors) are the reference's own, from a reference {@code Vtc} built with the same options.
 */
public final class FastVtc implements Ordering {
    private static final byte FREE = 0, WAITING = 1, RUNNING = 2;

    private final Vtc reference;
    private final VtcOptions options;
    private final IndexedVtc heap = new IndexedVtc();

    private final Map<String, Integer> index = new HashMap<>();
    private int clients;
    /** Per client index: name, witness key, counter units per weighted token, counter, waiting count, queue ends. */
    private String[] names = new String[8];
    private String[] keys = new String[8];
    private long[] unit = new long[8];
    private long[] counters = new long[8];
    private int[] waiting = new int[8];
    private int[] first = new int[8];
    private int[] last = new int[8];
    private int lastLeft = -1;

    /**
     * Slots of the requests waiting or running: request, client index, state, neighbours in the client's queue. The
     * running requests (a batch's worth) are found in a table by id, which stays in cache; a waiting request begins
     * to run only once the pass admitted it, so it is found among the pass's admissions (no table of every waiting
     * id: it was one cache miss per arrival and per admission).
     */
    private final Long2IntOpenHashMap runningSlot = new Long2IntOpenHashMap(256); // never shrinks below a batch
    /** The slots the last pass admitted, in order, and how many of them this step's end has found. */
    private int[] admittedSlots = new int[16];
    /** A step's end's slices that ran: ids and slots, where its emitters are found. */
    private long[] ranIds = new long[16];
    private int[] ranSlots = new int[16];
    private int admittedCount, admittedFound;
    private Request[] request = new Request[64];
    private int[] clientOf = new int[64];
    /**
     * Each slot's request id, arrival time and prompt length: offers, queue insertions and a step's end's charges read
     * them here, not from the request (a cold object for most of a crowded queue).
     */
    private long[] idOf = new long[64];
    private long[] arrivalOf = new long[64];
    private int[] promptLength = new int[64];
    private byte[] state = new byte[64];
    private int[] prev = new int[64];
    private int[] next = new int[64];
    private int freeSlot = -1;
    private int slots;

    /** The clients a step's end changed (once each: {@code changedAt[k]} is the step end's number, from 1). */
    private int[] changedClients = new int[8];
    private int changedCount;
    private int[] changedAt = new int[8];
    private int stepEnds = 1;

    /** The pass's copy-on-touch scratch: entries of client k are the pass's when {@code stamp[k] == pass}. */
    private int pass;
    private int[] stamp = new int[8];
    private long[] passCounter = new long[8];
    private int[] passWaiting = new int[8];
    private int[] passHead = new int[8];

    private FastVtc(Vtc reference) {
        this.reference = reference;
        this.options = reference.options();
        runningSlot.defaultReturnValue(-1);
    }

    /** The {@code vtc} policy over this class's state. */
    public static FastVtc vtc(PolicyOptions o) {
        return new FastVtc(Vtc.vtc(o));
    }

    /** The {@code lcf} policy (no lift) over this class's state. */
    public static FastVtc lcf(PolicyOptions o) {
        return new FastVtc(Vtc.lcf(o));
    }

    @Override
    public String name() {
        return reference.name();
    }

    @Override
    public Map<String, String> parameters() {
        return reference.parameters();
    }

    /** Client {@code client}'s counter now (0 for a client not yet seen), in units of 1/scale weighted token. */
    public long counter(String client) {
        Integer k = index.get(client);
        return k == null ? 0 : counters[k];
    }

    @Override
    public void onArrival(Request r, long nowUs) {
        heap.endPass();
        int s = newSlot(r, clientIndex(r.client()));
        enqueue(s, false);
    }

    @Override
    public Pass pass(EngineView view) {
        heap.endPass();
        admittedCount = 0;
        return new FastPass(view);
    }

    @Override
    public void onStepEnd(StepOutcome outcome) {
        heap.endPass();
        for (long id : outcome.preempted()) {
            int s = runningSlot(id);
            runningSlot.remove(id);
            enqueue(s, true);
        }
        // From here on nothing reads the heap until the step ends, so each changed client is filed once, at the end.
        admittedFound = 0;
        int ranCount = 0;
        try {
            if (ranIds.length < outcome.ran().size()) {
                ranIds = new long[2 * outcome.ran().size()];
                ranSlots = new int[ranIds.length];
            }
            for (Slice sl : outcome.ran()) {
                long id = sl.requestId();
                int s = runningSlot.get(id);
                if (s < 0 && (s = waitingSlot(id)) >= 0) {
                    int k = clientOf[s];
                    unlink(s);
                    if (--waiting[k] == 0) lastLeft = k;
                    changed(k);
                    runningSlot.put(id, s);
                    state[s] = RUNNING;
                } else if (s < 0) {
                    s = runningSlot(id); // fails
                }
                charge(clientOf[s], options.inputPrice() * promptPositions(promptLength[s], sl.start(), sl.length()));
                ranIds[ranCount] = id;
                ranSlots[ranCount++] = s;
            }
            long perToken = !outcome.finished().isEmpty() && options.outputCharge() == OutputCharge.ARTIFACT ? 2 : 1;
            int j = 0; // the emitters are among the slices, in batch order: found by one walk, not by lookups
            for (long id : outcome.emitted()) {
                while (j < ranCount && ranIds[j] != id) j++;
                int s = j < ranCount ? ranSlots[j++] : runningSlot(id);
                charge(clientOf[s], options.outputPrice() * perToken);
            }
            for (long id : outcome.finished()) {
                int s = runningSlot.remove(id);
                if (s >= 0) freeSlot(s);
            }
        } finally {
            for (int i = 0; i < changedCount; i++) {
                int k = changedClients[i];
                heap.changed(k, counters[k], waiting[k] > 0);
            }
            changedCount = 0;
            stepEnds++;
            admittedCount = 0;
        }
    }

    /** The counters, keyed {@code vtc.c.CLIENT}, in client index order (the reference's witness). */
    @Override
    public Map<String, Long> witness() {
        return WitnessMap.of(keys, counters, clients);
    }

    // ---- clients and slots ----

    private int clientIndex(String client) {
        Integer known = index.get(client);
        if (known != null) return known;
        int k = clients++;
        if (k == counters.length) {
            int n = 2 * k;
            names = Arrays.copyOf(names, n);
            keys = Arrays.copyOf(keys, n);
            unit = Arrays.copyOf(unit, n);
            counters = Arrays.copyOf(counters, n);
            waiting = Arrays.copyOf(waiting, n);
            first = Arrays.copyOf(first, n);
            last = Arrays.copyOf(last, n);
            stamp = Arrays.copyOf(stamp, n);
            changedAt = Arrays.copyOf(changedAt, n);
            passCounter = Arrays.copyOf(passCounter, n);
            passWaiting = Arrays.copyOf(passWaiting, n);
            passHead = Arrays.copyOf(passHead, n);
        }
        index.put(client, k);
        names[k] = client;
        keys[k] = "vtc.c." + client;
        unit[k] = options.unit(client);
        first[k] = -1;
        last[k] = -1;
        heap.changed(k, 0, false);
        return k;
    }

    /** A slot for a request that has arrived (ids are unique: both engines refuse a workload that repeats one). */
    private int newSlot(Request r, int k) {
        int s = freeSlot;
        if (s >= 0) {
            freeSlot = next[s];
        } else {
            s = slots++;
            if (s == request.length) {
                int n = 2 * s;
                request = Arrays.copyOf(request, n);
                clientOf = Arrays.copyOf(clientOf, n);
                promptLength = Arrays.copyOf(promptLength, n);
                idOf = Arrays.copyOf(idOf, n);
                arrivalOf = Arrays.copyOf(arrivalOf, n);
                state = Arrays.copyOf(state, n);
                prev = Arrays.copyOf(prev, n);
                next = Arrays.copyOf(next, n);
            }
        }
        request[s] = r;
        clientOf[s] = k;
        promptLength[s] = r.promptLength();
        idOf[s] = r.id();
        arrivalOf[s] = r.arrivalUs();
        return s;
    }

    private void freeSlot(int s) {
        request[s] = null;
        state[s] = FREE;
        next[s] = freeSlot;
        freeSlot = s;
    }

    /**
     * The slot of waiting request {@code id}, or -1: the last pass's next admission (slices run in admission order),
     * else any of its admissions, else (a request the pass did not admit: no former does that) every queue.
     */
    private int waitingSlot(long id) {
        if (admittedFound < admittedCount && isWaiting(admittedSlots[admittedFound], id)) {
            return admittedSlots[admittedFound++];
        }
        for (int i = 0; i < admittedCount; i++) if (isWaiting(admittedSlots[i], id)) return admittedSlots[i];
        for (int k = 0; k < clients; k++) {
            for (int s = first[k]; s >= 0; s = next[s]) if (idOf[s] == id) return s;
        }
        return -1;
    }

    private boolean isWaiting(int s, long id) {
        return state[s] == WAITING && idOf[s] == id;
    }

    private int runningSlot(long id) {
        int s = runningSlot.get(id);
        if (s < 0) {
            throw new IllegalStateException("VTC: request " + id + " ran but was never admitted");
        }
        return s;
    }

    // ---- the state changes, each one of FAIRNESS.md section 2's rules (as in the reference's Vtc) ----

    /**
     * Request slot s joins its client's queue in (arrival, id) order, searched from the tail for an arrival and from
     * the head for a preempted request (each is almost always where the search starts); if the queue was empty the
     * client is lifted (the lift rule).
     */
    private void enqueue(int s, boolean preempted) {
        int k = clientOf[s];
        state[s] = WAITING;
        if (preempted) {
            int at = first[k];
            while (at >= 0 && byArrival(at, s) < 0) at = next[at];
            linkBefore(s, at, k);
        } else {
            int at = last[k];
            while (at >= 0 && byArrival(at, s) > 0) at = prev[at];
            linkBefore(s, at < 0 ? first[k] : next[at], k);
        }
        waiting[k]++;
        if (waiting[k] == 1 && options.lift() != Lift.NONE) {
            int least = heap.least(); // k is not filed yet: the least other backlogged client
            int to = least != -1 ? least : options.lift() == Lift.PAPER ? lastLeft : -1;
            if (to != -1 && counters[k] < counters[to]) counters[k] = counters[to];
        }
        heap.changed(k, counters[k], true);
    }

    /** {@link Request#byArrival} of the requests in slots a and b. */
    private int byArrival(int a, int b) {
        int c = Long.compare(arrivalOf[a], arrivalOf[b]);
        return c != 0 ? c : Long.compare(idOf[a], idOf[b]);
    }

    /** Links slot s into client k's queue before slot {@code at} (-1: at the tail). */
    private void linkBefore(int s, int at, int k) {
        int before = at < 0 ? last[k] : prev[at];
        prev[s] = before;
        next[s] = at;
        if (before < 0) first[k] = s;
        else next[before] = s;
        if (at < 0) last[k] = s;
        else prev[at] = s;
    }

    private void unlink(int s) {
        int k = clientOf[s];
        int p = prev[s], n = next[s];
        if (p < 0) first[k] = n;
        else next[p] = n;
        if (n < 0) last[k] = p;
        else prev[n] = p;
    }

    /** Charges client k's counter (at a step's end; the heap hears of it when the step's end is over). */
    private void charge(int k, long price) {
        charge(counters, k, price);
        changed(k);
    }

    /** Client k's counter or queue length changed in this step's end: it is filed again once, at the end. */
    private void changed(int k) {
        if (changedAt[k] == stepEnds) return;
        changedAt[k] = stepEnds;
        if (changedCount == changedClients.length) changedClients = Arrays.copyOf(changedClients, 2 * changedCount);
        changedClients[changedCount++] = k;
    }

    /** Adds {@code price} weighted tokens to client k's counter in {@code c} (the proved kernel), or fails naming it. */
    private void charge(long[] c, int k, long price) {
        long amount = Math.multiplyExact(price, unit[k]);
        if (c[k] > Long.MAX_VALUE - amount) {
            throw new ArithmeticException("VTC counter of client '" + names[k] + "' would overflow");
        }
        VtcCounters.charge(c, k, amount);
    }

    /** Prompt positions in {@code [start, start + length)}: the service a slice's computation is worth at w_p. */
    private static long promptPositions(int promptLength, int start, int length) {
        return Math.max(0, Math.min(start + length, promptLength) - start);
    }

    /**
     * One admission pass: offers the head of the least-counter backlogged client, charges the admitted slice on the
     * client's scratch entry and re-ranks, and ends at the first request offered and not admitted (or, with
     * reserve-max-output, at the first head whose final length does not fit).
     */
    private final class FastPass implements Pass {
        private final EngineView view;
        private final int id = ++pass;
        private long reservedBlocks;
        private RequestView offered;
        private int offeredClient = -1;
        private boolean over;

        FastPass(EngineView view) {
            this.view = view;
            if (options.admission() == Admission.RESERVE_MAX_OUTPUT) {
                for (RequestView r : view.running()) reservedBlocks += finalBlocks(r.request());
            }
        }

        @Override
        public RequestView next() {
            int k = over || offered != null ? -1 : heap.least();
            if (k != -1) {
                int s = stamp[k] == id ? passHead[k] : first[k];
                boolean fits = options.admission() == Admission.FORMER || reservedBlocks + finalBlocks(request[s])
                        <= view.config().numBlocks() - view.config().watermarkBlocks();
                if (fits) {
                    offered = find(s);
                    offeredClient = k;
                    return offered;
                }
            }
            over = true;
            return null;
        }

        @Override
        public void admitted(RequestView admitted, int hit, int tokens) {
            if (admitted != offered) {
                throw new IllegalStateException("VTC: the former admitted request " + admitted.id()
                        + " which the pass did not offer last");
            }
            int k = offeredClient;
            if (stamp[k] != id) {
                stamp[k] = id;
                passCounter[k] = counters[k];
                passWaiting[k] = waiting[k];
                passHead[k] = first[k];
            }
            charge(passCounter, k, options.inputPrice() * promptPositions(promptLength[passHead[k]], hit, tokens));
            passWaiting[k]--;
            if (admittedCount == admittedSlots.length) admittedSlots = Arrays.copyOf(admittedSlots, 2 * admittedCount);
            admittedSlots[admittedCount++] = passHead[k];
            passHead[k] = next[passHead[k]];
            heap.touched(k, passCounter[k], passWaiting[k] > 0);
            if (options.admission() == Admission.RESERVE_MAX_OUTPUT) reservedBlocks += finalBlocks(admitted.request());
            offered = null;
        }

        /** The engine's view of the request in slot s: from FastEngine's table by id, else a search of the list. */
        private RequestView find(int s) {
            return view instanceof WaitingById byId ? byId.waiting(idOf[s]) : Vtc.findWaiting(view, request[s]);
        }

        private long finalBlocks(Request r) {
            return view.blocksFor(r.promptLength() + r.maxNewTokens());
        }
    }
}
