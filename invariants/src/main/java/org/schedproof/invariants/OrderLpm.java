package org.schedproof.invariants;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.schedproof.spec.Request;
import org.schedproof.spec.trace.TraceEvent;

/**
 * ORDER-LPM (SGLang's longest prefix match with in-batch prefix caching, ALGORITHMS.md 3.3 and 3.7.1; 2.5.2
 * LPMOrderAmongEligible; spec/FAIRNESS.md 3.1 and 3.3): the requests a step admits are, in batch order, the first
 * ones its admission pass offers. The pass walks the LPM order of the waiting queue (deprioritized last, then cached
 * prefix descending, then arrival time, then id) and the former stops at the first offered request it cannot admit,
 * so a request passed over for a later one is a violation. Every waiting request's cached prefix comes from an
 * independent replay of the prefix cache ({@link CacheReplay}, spec/MODEL.md section 12) and the in-batch
 * de-duplication is recomputed by FAIRNESS.md 3.1's words (header options {@code inbatch-check} and
 * {@code inbatch-min}, default 32 each, -1 for either turning it off).
 *
 * <p>Under DLPM (FAIRNESS.md 3.3) the walk offers only requests whose client's gate is open, deficits recomputed as
 * FAIR-DLPM-GATE does ({@link DlpmState}); a refill comes only before a pass's first offer, so one walk suffices. For
 * deficits shared across a cluster the gates cannot be recomputed, but gates only close within a pass, so a request
 * passed over whose client has a later admission in the step had an open gate.
 *
 * <p>Once a hit the trace lists differs from the replay's (a port whose cache follows other rules: SAFE-KV-EXACT's
 * business), the waiting requests' prefixes are unknown, and the rule falls back to the admitted requests alone: their
 * hits non-increasing, except that those with hits at most {@code inbatch-check} may come after all the others.
 */
final class OrderLpm extends AbstractChecker {
    /** A waiting request's place in arrival order. */
    private record Place(long arrivalUs, long id) implements Comparable<Place> {
        @Override
        public int compareTo(Place o) {
            int c = Long.compare(arrivalUs, o.arrivalUs);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    private int check = 32;
    private int min = 32;
    private CacheReplay cache;
    /** Deficits for DLPM over its own ledger, else null. */
    private DlpmState dlpm;
    private boolean sharedDeficits;
    private long witnessRefills;
    /** Whether every hit so far was the replay's: the replay then knows every waiting request's prefix. */
    private boolean replayHolds = true;
    private final TreeSet<Place> waiting = new TreeSet<>();
    private final Map<Long, Request> live = new HashMap<>();
    private final BlockSet entered = new BlockSet();

    OrderLpm() {
        super("ORDER-LPM", "a step admits the first requests of the LPM order of the waiting queue (in-batch "
                + "deprioritized last, cached prefix descending, arrival), DLPM skipping closed gates only (policies "
                + "lpm, dlpm)", new Replay(true, false));
    }

    @Override
    public String forPolicy() {
        return "lpm";
    }

    @Override
    public boolean applicable() {
        return super.applicable() || "dlpm".equals(tracePolicy());
    }

    @Override
    protected void onHeader(TraceEvent.Header h) {
        check = intParameter(h, "inbatch-check");
        min = intParameter(h, "inbatch-min");
        cache = new CacheReplay(h.engine());
        sharedDeficits = "shared".equals(h.parameters().get("deficits"));
        if ("dlpm".equals(tracePolicy()) && !sharedDeficits) dlpm = new DlpmState(h);
    }

    private static int intParameter(TraceEvent.Header h, String key) {
        try {
            return Integer.parseInt(h.parameters().getOrDefault(key, "32").trim());
        } catch (NumberFormatException e) {
            return 32;
        }
    }

    @Override
    protected void onArrival(TraceEvent.Arrival a) {
        Request r = a.request();
        if (live.putIfAbsent(r.id(), r) != null) return;
        cache.arrive(r);
        if (dlpm != null) dlpm.arrive(r);
        waiting.add(new Place(r.arrivalUs(), r.id()));
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        if (!applies()) return;
        if (dlpm != null) {
            Long seen = s.witness().get("dlpm.refills");
            dlpm.pass(seen == null ? null : seen - witnessRefills, !s.preempted().isEmpty());
            if (seen != null) witnessRefills = seen;
        }
        List<Replay.SliceFact> admissions = f.slices.stream().filter(sf -> sf.admitted() && !sf.preempted()).toList();
        if (!admissions.isEmpty()) {
            if (replayHolds) judgePass(s, f, admissions);
            else judgeAdmitted(s, admissions);
        }
        if (s.rejected()) return;
        for (CacheReplay.Admission a : cache.apply(f).admissions()) {
            if (a.listed() != a.matched()) replayHolds = false;
        }
        for (Replay.SliceFact sf : admissions) waiting.remove(place(sf.slice().requestId()));
        for (Replay.PreemptFact p : f.preempts) {
            if (p.before() == Replay.Status.RUNNING && !p.twice()) waiting.add(place(p.requestId()));
        }
        for (int j = 0; j < f.finished.size(); j++) {
            long id = f.finished.getLong(j);
            live.remove(id);
        }
        if (dlpm != null) dlpm.ran(f);
    }

    private Place place(long id) {
        Request r = live.get(id);
        return new Place(r == null ? Long.MIN_VALUE : r.arrivalUs(), id);
    }

    /** The admissions are the first offers of the pass over the LPM order, as the replay knows it before the step. */
    private void judgePass(TraceEvent.Step s, Replay.StepFacts f, List<Replay.SliceFact> admissions) {
        int n = waiting.size();
        long[] ids = new long[n];
        int[] cached = new int[n];
        Map<Long, Integer> sequence = new HashMap<>();
        for (Replay.SliceFact sf : admissions) sequence.put(sf.slice().requestId(), sf.sequenceLength());
        Map<Long, Integer> indexOf = new HashMap<>();
        int i = 0;
        for (Place p : waiting) {
            ids[i] = p.id();
            Integer seq = sequence.get(p.id());
            if (seq != null) indexOf.put(p.id(), i);
            Replay.Req q = replay.get(p.id());
            cached[i++] = cache.matchTokens(p.id(), seq != null ? seq : q != null ? q.sequenceLength() : 1);
        }
        for (Replay.SliceFact sf : admissions) {
            if (!indexOf.containsKey(sf.slice().requestId())) return; // not waiting before the step: another rule's
        }
        boolean[] late = deprioritized(ids, cached);
        // (deprioritized, cached descending, arrival rank): the waiting queue is in arrival order already
        long[] keys = new long[n];
        for (int k = 0; k < n; k++) {
            keys[k] = (late[k] ? 1L << 62 : 0) | (long) (Integer.MAX_VALUE - cached[k]) << 31 | k;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        int[] position = new int[n];
        for (int q = 0; q < n; q++) {
            order[q] = (int) (keys[q] & Integer.MAX_VALUE);
            position[order[q]] = q;
        }
        long[] committed = dlpm == null ? null : dlpm.committed(f.runningAtStart);
        int cursor = 0;
        for (int j = 0; j < admissions.size(); j++) {
            long id = admissions.get(j).slice().requestId();
            int at = position[indexOf.get(id)];
            if (at < cursor) {
                int before = order[cursor - 1];
                report(s.index(), id, "admits request " + id + " " + describe(indexOf.get(id), cached, late)
                        + " after request " + ids[before] + " " + describe(before, cached, late)
                        + ", which comes later in the LPM order");
                return;
            }
            for (int q = cursor; q < at; q++) {
                int r = order[q];
                if (gateOpen(ids[r], committed, admissions, j)) {
                    report(s.index(), id, "admits request " + id + " " + describe(indexOf.get(id), cached, late)
                            + " while request " + ids[r] + " " + describe(r, cached, late) + gateNote(ids[r], committed)
                            + " comes first in the LPM order of " + n + " waiting requests");
                    return;
                }
            }
            cursor = at + 1;
            if (committed != null) {
                Request r = dlpm.request(id);
                committed[dlpm.clientOf(id)] += dlpm.commitment(r, admissions.get(j).hit());
            }
        }
    }

    /**
     * Whether the pass offers waiting request {@code id} when it reaches it before admission {@code j}: always under
     * LPM; under DLPM while its client's deficit exceeds the committed work, or, deficits being shared, when its
     * client has an admission from {@code j} on (a gate open later in a pass was open before).
     */
    private boolean gateOpen(long id, long[] committed, List<Replay.SliceFact> admissions, int j) {
        if (!"dlpm".equals(tracePolicy())) return true;
        if (committed != null) {
            int c = dlpm.clientOf(id);
            return dlpm.deficit(c) - committed[c] > 0;
        }
        String client = live.get(id).client();
        for (int k = j; k < admissions.size(); k++) {
            Request a = live.get(admissions.get(k).slice().requestId());
            if (a != null && a.client().equals(client)) return true;
        }
        return false;
    }

    private String gateNote(long id, long[] committed) {
        if (committed == null) return "";
        int c = dlpm.clientOf(id);
        return " (its client '" + dlpm.clients.get(c) + "' has deficit " + dlpm.deficit(c) + " > committed "
                + committed[c] + ")";
    }

    private static String describe(int k, int[] cached, boolean[] late) {
        return "(" + cached[k] + "-token cached prefix" + (late[k] ? ", deprioritized in-batch)" : ")");
    }

    /**
     * FAIRNESS.md 3.1's in-batch de-duplication, walking the waiting queue in arrival order: a request with at most
     * {@code check} cached tokens is deprioritized when an earlier entered request shares its first
     * {@code ceil((cached + min) / blockSize)} full blocks (at least one); otherwise its first
     * {@code ceil((check + min) / blockSize)} full prompt blocks are entered. Equal chain hashes are equal prefixes.
     */
    private boolean[] deprioritized(long[] ids, int[] cached) {
        boolean[] late = new boolean[ids.length];
        if (check < 0 || min < 0) return late;
        int bs = config.blockSize();
        int depth = (check + min + bs - 1) / bs;
        entered.clear();
        for (int k = 0; k < ids.length; k++) {
            if (cached[k] > check) continue;
            int full = Math.min(depth, live.get(ids[k]).promptLength() / bs);
            int need = (cached[k] + min + bs - 1) / bs;
            long[] chain = cache.chainHashes(ids[k], full);
            if (need >= 1 && need <= full && entered.contains(chain[need - 1])) {
                late[k] = true;
            } else {
                for (int b = 0; b < full; b++) entered.add(chain[b]);
            }
        }
        return late;
    }

    /** A set of block hashes, emptied for each pass without reallocating (open addressing, stamped slots). */
    private static final class BlockSet {
        private long[] keys = new long[1024];
        private int[] stamps = new int[1024];
        private int stamp = 1;
        private int size;

        void clear() {
            stamp++;
            size = 0;
        }

        boolean contains(long key) {
            for (int i = slot(key, keys.length); stamps[i] == stamp; i = (i + 1) & (keys.length - 1)) {
                if (keys[i] == key) return true;
            }
            return false;
        }

        void add(long key) {
            if (contains(key)) return;
            if (2 * (size + 1) > keys.length) grow();
            int i = slot(key, keys.length);
            while (stamps[i] == stamp) i = (i + 1) & (keys.length - 1);
            keys[i] = key;
            stamps[i] = stamp;
            size++;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldStamps = stamps;
            keys = new long[2 * oldKeys.length];
            stamps = new int[2 * oldKeys.length];
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldStamps[j] != stamp) continue;
                int i = slot(oldKeys[j], keys.length);
                while (stamps[i] == stamp) i = (i + 1) & (keys.length - 1);
                keys[i] = oldKeys[j];
                stamps[i] = stamp;
            }
        }

        private static int slot(long key, int length) {
            return (int) (key ^ (key >>> 32)) & (length - 1);
        }
    }

    /** Without the waiting requests' prefixes: the admitted ones' hits, non-increasing but for a tail of small ones. */
    private void judgeAdmitted(TraceEvent.Step s, List<Replay.SliceFact> admissions) {
        int previous = Integer.MAX_VALUE;
        long previousId = -1;
        boolean tail = false;
        for (Replay.SliceFact sf : admissions) {
            int hit = sf.hit();
            long id = sf.slice().requestId();
            if (hit > previous) {
                if (tail || check < 0 || min < 0 || hit > check) {
                    report(s.index(), id, "admits request " + id + " with a " + hit + "-token cached prefix after "
                            + "request " + previousId + " with " + previous + (tail ? " among deprioritized requests"
                            : check < 0 || min < 0 ? " (in-batch de-duplication off)" : ", and " + hit
                            + " > inbatch-check " + check + " so it cannot be deprioritized"));
                    return;
                }
                tail = true;
            }
            previous = hit;
            previousId = id;
        }
    }
}
