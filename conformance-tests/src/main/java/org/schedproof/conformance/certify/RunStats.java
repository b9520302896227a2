package org.schedproof.conformance.certify;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent;

/**
 * What one run exercised, counted from its trace: how often each situation an invariant judges came up (a
 * certificate whose workloads never preempt says nothing about preemption). Deterministic: a function of the trace.
 *
 * @param mixedSteps applied steps with a decode and a prefill slice together (stall-free batching at work)
 * @param chunkedPrefills prefill slices that stop short of the prompt's end
 * @param peakRunning the most requests running in one step
 * @param witnessKeys the witness key families the steps carried ({@code blocked}, {@code dlpm.refills}, {@code vtc.c})
 */
public record RunStats(long requests, long clients, long steps, long rejectedSteps, long completed, long preemptions,
                       long offloads, long prefetches, long hitTokens, long evictedBlocks, long mixedSteps,
                       long chunkedPrefills, long peakRunning, long modelTokens, List<String> witnessKeys) {
    public RunStats {
        witnessKeys = List.copyOf(witnessKeys);
    }

    /** Counts the events of one trace as they stream by. */
    public static final class Counter implements Consumer<TraceEvent> {
        private final Map<Long, int[]> live = new HashMap<>(); // id -> {prompt length, emitted}
        private final Set<Long> running = new HashSet<>();
        private final Set<String> clients = new HashSet<>();
        private final TreeSet<String> witnessKeys = new TreeSet<>();
        private long requests, steps, rejected, completed, preemptions, offloads, prefetches, hits, evicted, mixed,
                chunked, peak, tokens;

        @Override
        public void accept(TraceEvent e) {
            if (e instanceof TraceEvent.Arrival a) {
                requests++;
                clients.add(a.request().client());
                live.put(a.request().id(), new int[] {a.request().promptLength(), 0});
            } else if (e instanceof TraceEvent.Step s) {
                step(s);
            } else if (e instanceof TraceEvent.Completion) {
                completed++;
            }
        }

        private void step(TraceEvent.Step s) {
            steps++;
            for (String k : s.witness().keySet()) witnessKeys.add(family(k));
            if (s.rejected()) {
                rejected++;
                return;
            }
            preemptions += s.preempted().size();
            offloads += s.offloaded().size();
            prefetches += s.prefetched().size();
            for (TraceEvent.Hit h : s.hits()) hits += h.tokens();
            evicted += s.evictedBlocks();
            s.preempted().forEach(running::remove);
            s.offloaded().forEach(running::remove);
            running.addAll(s.prefetched());
            boolean decode = false, prefill = false;
            for (Slice x : s.slices()) {
                int[] r = live.get(x.requestId());
                running.add(x.requestId());
                if (r == null) continue;
                if (x.start() < r[0]) {
                    prefill = true;
                    if (x.start() + x.length() < r[0]) chunked++;
                } else {
                    decode = true;
                }
            }
            if (decode && prefill) mixed++;
            peak = Math.max(peak, running.size());
            for (TraceEvent.Emit m : s.emitted()) {
                int[] r = live.get(m.requestId());
                if (r != null) r[1]++;
                if (m.token() >= 0) tokens++;
            }
            for (long id : s.finished()) {
                running.remove(id);
                live.remove(id);
            }
        }

        /** A witness key's family: {@code ltr.pred.17} and {@code vtc.c.client-3} count once, as {@code ltr.pred}, {@code vtc.c}. */
        private static String family(String key) {
            int first = key.indexOf('.');
            int second = first < 0 ? -1 : key.indexOf('.', first + 1);
            return second < 0 ? key : key.substring(0, second);
        }

        public RunStats stats() {
            return new RunStats(requests, clients.size(), steps, rejected, completed, preemptions, offloads, prefetches,
                    hits, evicted, mixed, chunked, peak, tokens, List.copyOf(witnessKeys));
        }
    }
}
