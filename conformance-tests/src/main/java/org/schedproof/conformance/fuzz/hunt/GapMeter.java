package org.schedproof.conformance.fuzz.hunt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent;

/**
 * How close a trace comes to its policy's proved bound, as observed / bound (spec/FAIRNESS.md), measured here from
 * the events, for bound hunting (the checkers FAIR-VTC-GAP, FAIR-DLPM-GAP and LIVE-STARVATION judge whether a bound
 * holds; this meter reports how much of it a workload uses):
 * <ul>
 *   <li>{@code vtc} (lift=paper, output-charge=once): the widest weighted service gap of two clients continuously
 *       backlogged over an interval, over {@code U_f + U_g} (section 2.4, U measured as the checker measures it);</li>
 *   <li>{@code dlpm}: the widest service gap of two clients backlogged at the start of every step of an interval,
 *       over {@code 2·(Q + w_p·P_max + w_q·E - 1)} (section 3.7);</li>
 *   <li>{@code ltr} (starvation=on): the longest run of iterations a live request goes unscheduled, over
 *       {@code S + 1 + P·(requests promoted during that run)}, ALGORITHMS.md 5.5.5's derived bound (exact, S + 1, for
 *       one starving request).</li>
 * </ul>
 * Feed it one trace's events in order, then read {@link #best()}.
 */
public final class GapMeter implements Consumer<TraceEvent> {
    /** The widest use of the bound: ratio = observed / bound, and where. */
    public record Best(double ratio, long observed, long bound, String where) {
        static final Best NONE = new Best(0, 0, 0, "nothing measured");
    }

    private enum Mode { VTC, DLPM, LTR, NONE }

    private static final class Req {
        final Request r;
        final int client;
        boolean holds;
        boolean finished;
        int pos;
        int generated;
        long idle;
        long promotedDuring;

        Req(Request r, int client) {
            this.r = r;
            this.client = client;
        }
    }

    private Mode mode = Mode.NONE;
    private long wp = 1;
    private long wq = 2;
    private long quantum;
    private boolean fullPrompt;
    private long scale = 1;
    private Map<String, Long> weights = Map.of();
    private int threshold;
    private int ltrQuantum;
    private final Map<String, Integer> clientIndex = new HashMap<>();
    private final List<String> clientNames = new ArrayList<>();
    private final Map<Long, Req> live = new HashMap<>();
    private long[] total = new long[0];
    private long[] u = new long[0];
    private long longestPrompt;
    private long mostToEmit;
    /** Per pair key (f << 32 | g): {least D, greatest D, stretch start}. */
    private Map<Long, long[]> stretches = new HashMap<>();
    private Best best = Best.NONE;

    /** Whether the header named a policy with a bound this meter measures. */
    public boolean measures() {
        return mode != Mode.NONE;
    }

    public Best best() {
        return best;
    }

    /** The policies whose bound is measured, and what they need. */
    public static String supported() {
        return "vtc (lift=paper, output-charge=once), dlpm, ltr (starvation=on)";
    }

    @Override
    public void accept(TraceEvent e) {
        if (e instanceof TraceEvent.Header h) header(h);
        else if (mode == Mode.NONE) return;
        else if (e instanceof TraceEvent.Arrival a) arrival(a.request());
        else if (e instanceof TraceEvent.Step s) step(s);
    }

    private void header(TraceEvent.Header h) {
        Map<String, String> p = h.parameters();
        String policy = h.policy().split("/")[0];
        if (policy.equals("vtc") && p.getOrDefault("lift", "paper").equals("paper")
                && p.getOrDefault("output-charge", "once").equals("once")) {
            mode = Mode.VTC;
            weights = weights(p.getOrDefault("weights", ""));
            for (long w : weights.values()) scale = scale / gcd(scale, w) * w;
        } else if (policy.equals("dlpm")) {
            mode = Mode.DLPM;
            quantum = Long.parseLong(p.getOrDefault("quantum", "2048"));
            fullPrompt = p.getOrDefault("charge", "uncached").equals("full-prompt");
        } else if (policy.equals("ltr") && p.getOrDefault("starvation", "off").equals("on")) {
            mode = Mode.LTR;
            threshold = Integer.parseInt(p.getOrDefault("threshold", "200"));
            ltrQuantum = Integer.parseInt(p.getOrDefault("quantum", "10"));
        }
        wp = Long.parseLong(p.getOrDefault("input-price", "1"));
        wq = Long.parseLong(p.getOrDefault("output-price", "2"));
    }

    private void arrival(Request r) {
        int c = clientIndex.computeIfAbsent(r.client(), k -> {
            clientNames.add(k);
            return clientNames.size() - 1;
        });
        live.put(r.id(), new Req(r, c));
        longestPrompt = Math.max(longestPrompt, r.promptLength());
        if (total.length <= c) {
            total = Arrays.copyOf(total, c + 1);
            u = Arrays.copyOf(u, c + 1);
        }
    }

    private long unit(int c) {
        return mode == Mode.VTC ? scale / weights.getOrDefault(clientNames.get(c), 1L) : 1;
    }

    private void step(TraceEvent.Step s) {
        if (mode == Mode.LTR) {
            ltrStep(s);
            return;
        }
        int n = clientNames.size();
        int[] waitingStart = waiting(n);
        long[] service = new long[n];
        if (!s.rejected()) {
            for (long id : s.preempted()) {
                Req q = live.get(id);
                if (q != null) {
                    q.holds = false;
                    q.pos = 0;
                }
            }
            Map<Long, Integer> startOf = new HashMap<>();
            for (Slice sl : s.slices()) startOf.put(sl.requestId(), sl.start());
            Set<Long> admitted = new HashSet<>();
            for (Slice sl : s.slices()) {
                Req q = live.get(sl.requestId());
                if (q != null && !q.holds) {
                    q.holds = true;
                    admitted.add(q.r.id());
                }
            }
            // after the pass, before the service: U (vtc) and E (dlpm) of the running requests
            long[] rest = new long[n];
            long[] toEmit = new long[n];
            for (Req q : live.values()) {
                if (!q.holds || q.finished) continue;
                int pi = startOf.getOrDefault(q.r.id(), q.pos);
                rest[q.client] += wp * Math.max(0, q.r.promptLength() - pi) + wq * (q.r.maxNewTokens() - q.generated);
                toEmit[q.client] += q.r.maxNewTokens() - q.generated;
            }
            for (int c = 0; c < n; c++) {
                u[c] = Math.max(u[c], unit(c) * rest[c]);
                mostToEmit = Math.max(mostToEmit, toEmit[c]);
            }
            for (Slice sl : s.slices()) {
                Req q = live.get(sl.requestId());
                if (q == null) continue;
                long positions = Math.max(0, Math.min(sl.start() + sl.length(), q.r.promptLength()) - sl.start());
                if (fullPrompt && admitted.contains(q.r.id())) positions += Math.min(sl.start(), q.r.promptLength());
                service[q.client] += unit(q.client) * wp * positions;
                q.pos = sl.start() + sl.length();
            }
            for (TraceEvent.Emit em : s.emitted()) {
                Req q = live.get(em.requestId());
                if (q == null) continue;
                q.generated++;
                service[q.client] += unit(q.client) * wq;
            }
        }
        int[] waitingAfter = waiting(n);
        if (!s.rejected()) {
            for (long id : s.finished()) {
                Req q = live.remove(id);
                if (q != null) q.finished = true;
            }
        }
        boolean[] through = new boolean[n];
        for (int c = 0; c < n; c++) through[c] = waitingStart[c] > 0 && (mode == Mode.DLPM || waitingAfter[c] > 0);
        gaps(s.index(), through, service);
    }

    /** Clients' arrived, unfinished requests holding no KV. */
    private int[] waiting(int n) {
        int[] w = new int[n];
        for (Req q : live.values()) {
            if (!q.holds && !q.finished) w[q.client]++;
        }
        return w;
    }

    private void gaps(long index, boolean[] through, long[] service) {
        int n = service.length;
        long[] before = total.clone();
        for (int c = 0; c < n; c++) total[c] += service[c];
        Map<Long, long[]> next = new HashMap<>();
        long dlpmBound = 2 * (quantum + wp * longestPrompt + wq * mostToEmit - 1);
        for (int f = 0; f < n; f++) {
            if (!through[f]) continue;
            for (int g = f + 1; g < n; g++) {
                if (!through[g]) continue;
                long key = (long) f << 32 | g;
                long[] st = stretches.get(key);
                if (st == null) {
                    long d0 = before[f] - before[g];
                    st = new long[] {d0, d0, index};
                }
                long d = total[f] - total[g];
                long gap = Math.max(d - st[0], st[1] - d);
                long bound = mode == Mode.VTC ? u[f] + u[g] : dlpmBound;
                if (bound > 0) {
                    double ratio = (double) gap / bound;
                    if (ratio > best.ratio()) {
                        best = new Best(ratio, gap, bound, clientNames.get(f) + " and " + clientNames.get(g)
                                + " over steps [" + st[2] + ", " + (index + 1) + ")");
                    }
                }
                st[0] = Math.min(st[0], d);
                st[1] = Math.max(st[1], d);
                next.put(key, st);
            }
        }
        stretches = next;
    }

    private void ltrStep(TraceEvent.Step s) {
        Set<Long> scheduled = new HashSet<>();
        if (!s.rejected()) for (Slice sl : s.slices()) scheduled.add(sl.requestId());
        long promoted = s.witness().getOrDefault("promoted", 0L);
        for (Req q : live.values()) {
            if (scheduled.contains(q.r.id())) {
                q.idle = 0;
                q.promotedDuring = 0;
                continue;
            }
            q.idle++;
            q.promotedDuring += promoted;
            long bound = threshold + 1 + (long) ltrQuantum * q.promotedDuring;
            double ratio = (double) q.idle / bound;
            if (ratio > best.ratio()) {
                best = new Best(ratio, q.idle, bound, "request " + q.r.id() + " unscheduled for " + q.idle
                        + " iterations up to step " + s.index() + " (" + q.promotedDuring + " promoted meanwhile)");
            }
        }
        if (!s.rejected()) for (long id : s.finished()) live.remove(id);
    }

    private static Map<String, Long> weights(String spec) {
        Map<String, Long> m = new HashMap<>();
        if (spec.isBlank()) return m;
        for (String part : spec.split(",")) {
            int colon = part.lastIndexOf(':');
            m.put(part.substring(0, colon).trim(), Long.parseLong(part.substring(colon + 1).trim()));
        }
        return m;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
