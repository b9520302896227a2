package org.schedproof.report.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.schedproof.spec.Slice;
import org.schedproof.spec.metrics.MetricsCollector;
import org.schedproof.spec.metrics.Summary;
import org.schedproof.spec.trace.TraceEvent;

/**
 * Everything the report plots about one trace, collected in one streaming pass (a {@code Consumer<TraceEvent>} fed
 * in trace order, so it can read a file or sit behind an engine). Per step, at full resolution: batch composition,
 * preemptions, KV blocks, evictions, prefix hits and admissions (METRICS.md 9), queue lengths, and the widest current
 * service gap with the bound it is held to. Per client: cumulative service (METRICS.md 12) at a stride that doubles
 * as the run grows, so at most {@link #MAX_SNAPSHOTS} snapshots are kept. Latencies and the summary come from
 * {@link MetricsCollector}, fed the same events.
 */
public final class RunSeries implements Consumer<TraceEvent> {
    /** The most per-client service snapshots kept (the stride doubles past it). */
    public static final int MAX_SNAPSHOTS = 2000;

    private final MetricsCollector metrics = new MetricsCollector();
    private TraceEvent.Header header;
    private TraceEvent.End end;
    private FairnessBound bound;

    // ---- per step, full resolution
    public final Column startUs = new Column();
    public final Column endUs = new Column();
    public final Column prefillTokens = new Column();
    public final Column decodeTokens = new Column();
    public final Column preempted = new Column();
    public final Column rejected = new Column();
    public final Column kvUsedBlocks = new Column();
    public final Column evictedBlocks = new Column();
    public final Column hitTokens = new Column();
    public final Column admittedTokens = new Column();
    public final Column waiting = new Column();
    public final Column running = new Column();
    /** The widest service gap of an interval ending after this step, over pairs of clients backlogged through it. */
    public final Column gap = new Column();
    /** The bound that gap is held to after this step (empty when {@link FairnessBound#drawn()} is false). */
    public final Column gapBound = new Column();

    // ---- requests and clients
    /** Live requests by id: an array for the usual dense ids, a map for the rest. */
    private Req[] liveById = new Req[1024];
    private final Map<Long, Req> liveSparse = new HashMap<>();
    private Summary summary;
    private final Map<Long, Req> runningSet = new LinkedHashMap<>();
    private final Map<String, Integer> clientIndex = new HashMap<>();
    private final List<String> clients = new ArrayList<>();
    private long[] service = new long[4];
    private long[] stepService = new long[4];
    private int[] waitingCount = new int[4];
    private int waitingTotal;

    // ---- service snapshots
    private final List<long[]> snapshots = new ArrayList<>();
    private final Column snapshotUs = new Column();
    private int stride = 1;

    // ---- gap stretches: pair (f << 32 | g) -> {least D, greatest D}
    private Map<Long, long[]> stretches = new HashMap<>();
    private long longestPrompt;
    private long boundConstant; // U (VTC) or E (DLPM), running maximum

    private static final class Req {
        final int client;
        final int prompt;
        final int maxNew;
        int generated;
        int computed;
        boolean running;
        boolean waiting = true;

        Req(int client, int prompt, int maxNew) {
            this.client = client;
            this.prompt = prompt;
            this.maxNew = maxNew;
        }
    }

    private static final int DENSE = 1 << 24;

    private Req get(long id) {
        if (id >= 0 && id < DENSE) return id < liveById.length ? liveById[(int) id] : null;
        return liveSparse.get(id);
    }

    private void put(long id, Req r) {
        if (id >= 0 && id < DENSE) {
            if (id >= liveById.length) {
                liveById = Arrays.copyOf(liveById, (int) Math.min(DENSE, Math.max(id + 1, 2L * liveById.length)));
            }
            liveById[(int) id] = r;
        } else {
            liveSparse.put(id, r);
        }
    }

    private void remove(long id) {
        if (id >= 0 && id < DENSE) {
            if (id < liveById.length) liveById[(int) id] = null;
        } else {
            liveSparse.remove(id);
        }
    }

    @Override
    public void accept(TraceEvent e) {
        summary = null;
        metrics.accept(e);
        if (e instanceof TraceEvent.Step s) {
            step(s);
        } else if (e instanceof TraceEvent.Arrival a) {
            int c = client(a.request().client());
            Req r = new Req(c, a.request().promptLength(), a.request().maxNewTokens());
            put(a.request().id(), r);
            waitingCount[c]++;
            waitingTotal++;
            longestPrompt = Math.max(longestPrompt, r.prompt);
        } else if (e instanceof TraceEvent.Completion c) {
            Req r = get(c.requestId());
            remove(c.requestId());
            if (r != null && r.waiting) {
                waitingCount[r.client]--;
                waitingTotal--;
            }
        } else if (e instanceof TraceEvent.Header h) {
            header = h;
            bound = FairnessBound.of(h);
        } else if (e instanceof TraceEvent.End x) {
            end = x;
            snapshot(x.timeUs());
        }
    }

    private void step(TraceEvent.Step s) {
        int n = clients.size();
        boolean[] waitingAtStart = new boolean[n];
        for (int c = 0; c < n; c++) waitingAtStart[c] = waitingCount[c] > 0;
        long prefill = 0;
        long decodes = 0;
        long admitted = 0;
        if (!s.rejected()) {
            for (long id : s.preempted()) {
                Req r = get(id);
                if (r != null && r.running) {
                    r.running = false;
                    r.waiting = true;
                    r.computed = 0;
                    runningSet.remove(id);
                    waitingCount[r.client]++;
                    waitingTotal++;
                }
            }
            for (Slice sl : s.slices()) {
                Req r = get(sl.requestId());
                if (r == null) continue;
                if (sl.length() == 1 && sl.start() >= r.prompt) decodes++;
                else prefill += sl.length();
                if (!r.running) {
                    r.running = true;
                    runningSet.put(sl.requestId(), r);
                    admitted += r.prompt + r.generated;
                    if (r.waiting) {
                        r.waiting = false;
                        waitingCount[r.client]--;
                        waitingTotal--;
                    }
                }
                r.computed = sl.start();
                long promptPositions = Math.max(0, Math.min(sl.end(), r.prompt) - sl.start());
                stepService[r.client] += bound.inputPrice() * promptPositions;
            }
            measureBoundConstant(n);
            for (Slice sl : s.slices()) {
                Req r = get(sl.requestId());
                if (r != null) r.computed = sl.end();
            }
        }
        for (TraceEvent.Emit em : s.emitted()) {
            Req r = get(em.requestId());
            if (r == null) continue;
            r.generated++;
            stepService[r.client] += bound.outputPrice();
        }
        for (long id : s.finished()) {
            Req r = get(id);
            if (r != null) {
                r.running = false;
                runningSet.remove(id);
            }
        }
        long hits = 0;
        for (TraceEvent.Hit h : s.hits()) hits += h.tokens();

        boolean[] through = new boolean[n];
        for (int c = 0; c < n; c++) through[c] = waitingAtStart[c] && (!bound.continuous() || waitingCount[c] > 0);
        for (int c = 0; c < n; c++) service[c] += stepService[c];
        gap.add(n < 2 ? 0 : widestGap(through));
        Arrays.fill(stepService, 0, n, 0);
        if (bound.drawn()) gapBound.add(boundValue());

        startUs.add(s.startUs());
        endUs.add(s.endUs());
        prefillTokens.add(prefill);
        decodeTokens.add(decodes);
        preempted.add(s.rejected() ? 0 : s.preempted().size());
        rejected.add(s.rejected() ? 1 : 0);
        kvUsedBlocks.add(s.kvUsedBlocks());
        evictedBlocks.add(s.evictedBlocks());
        hitTokens.add(hits);
        admittedTokens.add(admitted);
        waiting.add(waitingTotal);
        running.add(runningSet.size());
        if (s.index() % stride == 0) snapshot(s.endUs());
    }

    /** U (VTC: the largest Σ rest over one client's running requests after a pass) or E (DLPM), so far. */
    private void measureBoundConstant(int n) {
        if (!bound.drawn()) return;
        long[] perClient = new long[n];
        for (Req r : runningSet.values()) {
            long toEmit = r.maxNew - r.generated;
            perClient[r.client] += bound.kind() == FairnessBound.Kind.VTC
                    ? bound.inputPrice() * Math.max(0, r.prompt - r.computed) + bound.outputPrice() * toEmit
                    : toEmit;
        }
        for (long v : perClient) boundConstant = Math.max(boundConstant, v);
    }

    private long boundValue() {
        if (bound.kind() == FairnessBound.Kind.VTC) return 2 * boundConstant;
        return 2 * (bound.quantum() + bound.inputPrice() * longestPrompt + bound.outputPrice() * boundConstant - 1);
    }

    /** Per pair backlogged through this step: the widest |D(now) − D(i)| since its stretch began (ServiceGaps' rule). */
    private long widestGap(boolean[] through) {
        Map<Long, long[]> next = new HashMap<>();
        long widest = 0;
        for (int f = 0; f < through.length; f++) {
            if (!through[f]) continue;
            for (int g = f + 1; g < through.length; g++) {
                if (!through[g]) continue;
                long key = (long) f << 32 | g;
                long after = service[f] - service[g];
                long[] s = stretches.get(key);
                if (s == null) {
                    long before = after - stepService[f] + stepService[g];
                    s = new long[] {before, before};
                }
                s[0] = Math.min(s[0], after);
                s[1] = Math.max(s[1], after);
                widest = Math.max(widest, s[1] - s[0]);
                next.put(key, s);
            }
        }
        stretches = next;
        return widest;
    }

    private int client(String name) {
        Integer i = clientIndex.get(name);
        if (i != null) return i;
        int c = clients.size();
        clientIndex.put(name, c);
        clients.add(name);
        if (c == service.length) {
            service = Arrays.copyOf(service, 2 * c);
            stepService = Arrays.copyOf(stepService, 2 * c);
            waitingCount = Arrays.copyOf(waitingCount, 2 * c);
        }
        return c;
    }

    private void snapshot(long timeUs) {
        if (snapshotUs.size() > 0 && snapshotUs.get(snapshotUs.size() - 1) == timeUs) return;
        snapshotUs.add(timeUs);
        snapshots.add(Arrays.copyOf(service, clients.size()));
        if (snapshots.size() >= MAX_SNAPSHOTS) thinSnapshots();
    }

    /** Keeps every other snapshot and doubles the stride. */
    private void thinSnapshots() {
        List<long[]> kept = new ArrayList<>();
        Column times = new Column();
        for (int i = 0; i < snapshots.size(); i += 2) {
            kept.add(snapshots.get(i));
            times.add(snapshotUs.get(i));
        }
        snapshots.clear();
        snapshots.addAll(kept);
        snapshotUs.replaceWith(times);
        stride *= 2;
    }

    // ---- results

    public TraceEvent.Header header() {
        return header;
    }

    /** The end line, or null for a trace read before its end. */
    public TraceEvent.End end() {
        return end;
    }

    public FairnessBound bound() {
        return bound;
    }

    /** The metrics of the events so far (computed once: it sorts every latency sample). */
    public Summary summary() {
        if (summary == null) summary = metrics.summary();
        return summary;
    }

    public MetricsCollector metrics() {
        return metrics;
    }

    /** Clients in order of first arrival. */
    public List<String> clients() {
        return List.copyOf(clients);
    }

    public int steps() {
        return startUs.size();
    }

    /** Times (step ends, microseconds) of the service snapshots. */
    public Column snapshotTimes() {
        return snapshotUs;
    }

    /** Cumulative service of client {@code c} at snapshot {@code i} (0 before the client arrived). */
    public long service(int i, int c) {
        long[] row = snapshots.get(i);
        return c < row.length ? row[c] : 0;
    }

    /** Steps between two service snapshots (1 unless the run was long). */
    public int snapshotStride() {
        return stride;
    }
}
