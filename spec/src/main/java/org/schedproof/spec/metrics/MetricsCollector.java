package org.schedproof.spec.metrics;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceReader;

/**
 * Computes the metrics of spec/METRICS.md from a trace's events, fed one at a time in trace order (a
 * {@code Consumer<TraceEvent>}, so it can sit behind a {@link TraceReader} or an engine's sink). Memory is
 * O(live requests + latency samples + clients²) for the service-gap pairs; nothing else grows with the trace.
 *
 * <p>It expects a well-formed trace (TRACE.md; the reader guarantees it) and says so with an
 * {@link IllegalArgumentException} when an event names a request that never arrived. It judges nothing: whether the
 * schedule was correct is for the checkers.
 */
public final class MetricsCollector implements Consumer<TraceEvent> {
    /** VTC's prices (Sheng et al., OSDI'24): a prompt token computed costs 1, a token emitted costs 2. */
    public static final long W_PROMPT = 1;
    public static final long W_OUTPUT = 2;

    private final long wPrompt;
    private final long wOutput;

    private String policy = "";
    private String workload = "";
    private String endReason;
    private long arrived;
    private long completed;
    private long steps;
    private long firstArrivalUs = -1;
    private long clock;
    private long tokensEmitted;
    private long admissions;
    private long admittedTokens;
    private long hitTokens;
    private long preemptions;
    private long violations;
    private final Map<String, Long> violationsByRule = new TreeMap<>();
    private double normalizedSum;

    private final LongList ttft = new LongList();
    private final LongList tbt = new LongList();
    private final LongList e2e = new LongList();

    private final Long2ObjectOpenHashMap<Live> live = new Long2ObjectOpenHashMap<>();

    // Clients, by index in order of first arrival.
    private final Map<String, Integer> clientIndex = new HashMap<>();
    private final List<String> clientNames = new ArrayList<>();
    private long[] service = new long[4];
    private int[] waiting = new int[4];
    private long[] backlogSince = new long[4];
    private boolean[] dirty = new boolean[4];
    private final IntList dirtyList = new IntList();
    private final IntList backlogged = new IntList();
    // Per-step scratch: service of each client in the current step.
    private long[] stepService = new long[4];
    private final IntList served = new IntList();
    private final Map<Long, Pair> pairs = new HashMap<>();
    private Summary.ServiceGap best = Summary.ServiceGap.NONE;

    /** A request between its arrival and its completion. */
    private static final class Live {
        final int client;
        final long arrivalUs;
        final int promptLength;
        int emitted;
        long lastEmitUs;
        boolean running;
        boolean waiting;

        Live(int client, long arrivalUs, int promptLength) {
            this.client = client;
            this.arrivalUs = arrivalUs;
            this.promptLength = promptLength;
        }
    }

    /** Two clients' running service difference during their current joint backlog. */
    private static final class Pair {
        long runStart = -1;
        long d;
        long max;
        long min;
        long maxAt;
        long minAt;
    }

    public MetricsCollector() {
        this(W_PROMPT, W_OUTPUT);
    }

    /** With other service prices (e.g. 1 and 1 for plain token counts). */
    public MetricsCollector(long wPrompt, long wOutput) {
        if (wPrompt < 0 || wOutput < 0) throw new IllegalArgumentException("prices must be >= 0");
        this.wPrompt = wPrompt;
        this.wOutput = wOutput;
    }

    /** The summary of a whole trace file, read (and checked) as a stream. */
    public static Summary of(Path trace) throws IOException {
        MetricsCollector c = new MetricsCollector();
        TraceReader.forEach(trace, c);
        return c.summary();
    }

    /** The summary of events held in memory. */
    public static Summary of(Iterable<? extends TraceEvent> events) {
        MetricsCollector c = new MetricsCollector();
        for (TraceEvent e : events) c.accept(e);
        return c.summary();
    }

    @Override
    public void accept(TraceEvent event) {
        if (event instanceof TraceEvent.Step s) {
            step(s);
        } else if (event instanceof TraceEvent.Arrival a) {
            arrival(a);
        } else if (event instanceof TraceEvent.Completion c) {
            completion(c);
        } else if (event instanceof TraceEvent.Header h) {
            policy = h.policy();
            workload = h.workload();
        } else if (event instanceof TraceEvent.End e) {
            endReason = e.reason();
            clock = Math.max(clock, e.timeUs());
        }
    }

    private void arrival(TraceEvent.Arrival a) {
        long id = a.request().id();
        int c = client(a.request().client());
        Live r = new Live(c, a.request().arrivalUs(), a.request().promptLength());
        if (live.put(id, r) != null) throw new IllegalArgumentException("request " + id + " arrives twice");
        r.waiting = true;
        waitingDelta(c, +1);
        arrived++;
        if (firstArrivalUs < 0 || r.arrivalUs < firstArrivalUs) firstArrivalUs = r.arrivalUs;
        clock = Math.max(clock, a.timeUs());
    }

    private void step(TraceEvent.Step s) {
        long k = s.index();
        long endUs = s.endUs();
        startOfStep(k);

        // Service of this step [12]: prompt positions computed by applied slices, tokens emitted.
        if (!s.rejected()) {
            for (Slice sl : s.slices()) {
                Live r = request(sl.requestId(), k, "a slice");
                long prompt = Math.max(0, Math.min(sl.end(), r.promptLength) - sl.start());
                if (prompt > 0) serve(r.client, wPrompt * prompt);
            }
        }
        for (TraceEvent.Emit e : s.emitted()) {
            serve(request(e.requestId(), k, "an emitted token").client, wOutput);
        }
        updateGaps(k);

        // State changes, in the step's own order: preemptions, then slices (admissions), then results.
        if (!s.rejected()) {
            for (long id : s.preempted()) {
                Live r = request(id, k, "a preemption");
                preemptions++;
                if (r.running) {
                    r.running = false;
                    r.waiting = true;
                    waitingDelta(r.client, +1);
                }
            }
            for (Slice sl : s.slices()) {
                Live r = live.get(sl.requestId());
                if (!r.running) {
                    admissions++;
                    admittedTokens += r.promptLength + r.emitted;
                    r.running = true;
                    if (r.waiting) {
                        r.waiting = false;
                        waitingDelta(r.client, -1);
                    }
                }
            }
        }
        for (TraceEvent.Hit h : s.hits()) hitTokens += h.tokens();
        for (TraceEvent.Emit e : s.emitted()) {
            Live r = live.get(e.requestId());
            if (r.emitted == 0) ttft.add(endUs - r.arrivalUs);
            else tbt.add(endUs - r.lastEmitUs);
            r.emitted++;
            r.lastEmitUs = endUs;
            tokensEmitted++;
        }
        for (long id : s.finished()) {
            Live r = request(id, k, "a finished request");
            r.running = false;
            if (r.waiting) {
                r.waiting = false;
                waitingDelta(r.client, -1);
            }
        }
        for (Violation v : s.violations()) {
            violations++;
            violationsByRule.merge(v.rule(), 1L, Long::sum);
        }
        steps++;
        clock = Math.max(clock, endUs);
    }

    private void completion(TraceEvent.Completion c) {
        Live r = live.remove(c.requestId());
        if (r == null) {
            throw new IllegalArgumentException("completion of request " + c.requestId() + ", which never arrived"
                    + " (or completed before)");
        }
        long latency = c.timeUs() - r.arrivalUs;
        e2e.add(latency);
        normalizedSum += (double) latency / c.generated();
        completed++;
        if (r.waiting) waitingDelta(r.client, -1);
        clock = Math.max(clock, c.timeUs());
    }

    private Live request(long id, long step, String what) {
        Live r = live.get(id);
        if (r == null) {
            throw new IllegalArgumentException("step " + step + " has " + what + " for request " + id
                    + ", which has not arrived or has completed");
        }
        return r;
    }

    // ---- clients, backlog and service gaps [12, 13] ------------------------------------------------------------

    private int client(String name) {
        Integer i = clientIndex.get(name);
        if (i != null) return i;
        int c = clientNames.size();
        clientIndex.put(name, c);
        clientNames.add(name);
        if (c == service.length) {
            int n = 2 * c;
            service = Arrays.copyOf(service, n);
            waiting = Arrays.copyOf(waiting, n);
            backlogSince = Arrays.copyOf(backlogSince, n);
            dirty = Arrays.copyOf(dirty, n);
            stepService = Arrays.copyOf(stepService, n);
        }
        backlogSince[c] = -1;
        return c;
    }

    private void waitingDelta(int c, int delta) {
        waiting[c] += delta;
        if (!dirty[c]) {
            dirty[c] = true;
            dirtyList.add(c);
        }
    }

    /** Backlog is judged at the start of each step, after the arrivals before it: a client with a waiting request. */
    private void startOfStep(long k) {
        if (dirtyList.size == 0) return;
        for (int i = 0; i < dirtyList.size; i++) {
            int c = dirtyList.data[i];
            dirty[c] = false;
            boolean now = waiting[c] > 0;
            boolean was = backlogSince[c] >= 0;
            if (now && !was) {
                backlogSince[c] = k;
                backlogged.add(c);
            } else if (!now && was) {
                backlogSince[c] = -1;
                backlogged.remove(c);
            }
        }
        dirtyList.size = 0;
    }

    private void serve(int c, long amount) {
        if (stepService[c] == 0 && amount != 0) served.add(c);
        stepService[c] += amount;
        service[c] += amount;
    }

    /** Moves every backlogged pair with a served member by this step's difference; resets pairs whose run is new. */
    private void updateGaps(long k) {
        for (int i = 0; i < served.size; i++) {
            int f = served.data[i];
            if (backlogSince[f] < 0) continue;
            for (int j = 0; j < backlogged.size; j++) {
                int g = backlogged.data[j];
                if (g == f) continue;
                if (stepService[g] != 0 && g < f) continue; // both served: the pair is handled once, from g
                int lo = Math.min(f, g);
                int hi = Math.max(f, g);
                long runStart = Math.max(backlogSince[lo], backlogSince[hi]);
                Pair p = pairs.computeIfAbsent(((long) lo << 32) | hi, x -> new Pair());
                if (p.runStart != runStart) {
                    p.runStart = runStart;
                    p.d = p.max = p.min = 0;
                    p.maxAt = p.minAt = runStart;
                }
                p.d += stepService[lo] - stepService[hi];
                if (p.d > p.max) {
                    p.max = p.d;
                    p.maxAt = k + 1;
                } else if (p.d < p.min) {
                    p.min = p.d;
                    p.minAt = k + 1;
                }
                long gap = p.max - p.min;
                if (gap > best.gap()) {
                    best = new Summary.ServiceGap(gap, clientNames.get(lo), clientNames.get(hi),
                            Math.min(p.maxAt, p.minAt), Math.max(p.maxAt, p.minAt));
                }
            }
        }
        for (int i = 0; i < served.size; i++) stepService[served.data[i]] = 0;
        served.size = 0;
    }

    // ---- result ------------------------------------------------------------------------------------------------

    /** The metrics of the events seen so far (normally: after the end event). */
    public Summary summary() {
        long start = Math.max(0, firstArrivalUs);
        long end = Math.max(clock, start);
        long span = end - start;
        double reqPerSec = span == 0 ? 0 : completed * 1e6 / span;
        double tokPerSec = span == 0 ? 0 : tokensEmitted * 1e6 / span;
        Map<String, Long> byClient = new TreeMap<>();
        for (int c = 0; c < clientNames.size(); c++) byClient.put(clientNames.get(c), service[c]);
        return new Summary(policy, workload, endReason, arrived, completed, steps, start, end, tokensEmitted,
                reqPerSec, tokPerSec, Distribution.of(ttft.data.clone(), ttft.size),
                Distribution.of(tbt.data.clone(), tbt.size), Distribution.of(e2e.data.clone(), e2e.size),
                completed == 0 ? 0 : normalizedSum / completed, admissions, admittedTokens, hitTokens, preemptions,
                violations, new TreeMap<>(violationsByRule), new TreeMap<>(byClient), best, jain());
    }

    /** The TTFT samples so far [5], in the order they were taken (a copy): for plots of the whole distribution. */
    public long[] ttftSamples() {
        return Arrays.copyOf(ttft.data, ttft.size);
    }

    /** The TBT samples so far [6], pooled, in the order they were taken (a copy). */
    public long[] tbtSamples() {
        return Arrays.copyOf(tbt.data, tbt.size);
    }

    /** The end-to-end latency samples so far [7], in completion order (a copy). */
    public long[] e2eSamples() {
        return Arrays.copyOf(e2e.data, e2e.size);
    }

    /** (Σx)² / (n·Σx²) over the service totals of every client that arrived; 1 when all are 0 [14]. */
    private double jain() {
        int n = clientNames.size();
        if (n == 0) return 1;
        BigInteger sum = BigInteger.ZERO;
        BigInteger squares = BigInteger.ZERO;
        for (int c = 0; c < n; c++) {
            BigInteger x = BigInteger.valueOf(service[c]);
            sum = sum.add(x);
            squares = squares.add(x.multiply(x));
        }
        if (squares.signum() == 0) return 1;
        return new BigDecimal(sum.multiply(sum)).divide(new BigDecimal(squares.multiply(BigInteger.valueOf(n))),
                MathContext.DECIMAL128).doubleValue();
    }

    private static final class LongList {
        long[] data = new long[64];
        int size;

        void add(long v) {
            if (size == data.length) data = Arrays.copyOf(data, 2 * size);
            data[size++] = v;
        }
    }

    private static final class IntList {
        int[] data = new int[8];
        int size;

        void add(int v) {
            if (size == data.length) data = Arrays.copyOf(data, 2 * size);
            data[size++] = v;
        }

        void remove(int v) {
            for (int i = 0; i < size; i++) {
                if (data[i] == v) {
                    System.arraycopy(data, i + 1, data, i, size - i - 1);
                    size--;
                    return;
                }
            }
        }
    }
}
