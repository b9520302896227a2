package org.schedproof.engine.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent;

/**
 * Replays a trace into what FAIRNESS.md section 3 speaks of, independently of {@link Dlpm}: per step, the clients
 * backlogged at its start, each client's service W_k (METRICS.md section 12, uncached prompt positions and emitted
 * tokens), and the witness; over the run, the longest prompt and E, the most tokens one client's running requests
 * still had to emit after some step's admissions.
 */
final class ServiceReplay {
    record StepView(Set<String> backlogged, Map<String, Long> service, Map<String, Long> witness) {}

    final List<StepView> steps = new ArrayList<>();
    int longestPrompt;
    long e;

    ServiceReplay(List<TraceEvent> events, long inputPrice, long outputPrice) {
        Map<Long, Request> requests = new HashMap<>();
        Map<Long, Integer> emitted = new HashMap<>();
        Set<Long> waiting = new TreeSet<>();
        Set<Long> running = new HashSet<>();
        for (TraceEvent ev : events) {
            if (ev instanceof TraceEvent.Arrival a) {
                requests.put(a.request().id(), a.request());
                waiting.add(a.request().id());
                emitted.put(a.request().id(), 0);
                longestPrompt = Math.max(longestPrompt, a.request().promptLength());
            } else if (ev instanceof TraceEvent.Step s) {
                Set<String> backlogged = new HashSet<>();
                for (long id : waiting) backlogged.add(requests.get(id).client());
                Map<String, Long> service = new HashMap<>();
                if (!s.rejected()) {
                    for (long id : s.preempted()) {
                        running.remove(id);
                        waiting.add(id);
                    }
                    for (Slice x : s.slices()) {
                        Request r = requests.get(x.requestId());
                        if (waiting.remove(x.requestId())) running.add(x.requestId());
                        long prompt = Math.max(0, Math.min(r.promptLength(), x.start() + x.length()) - x.start());
                        service.merge(r.client(), inputPrice * prompt, Long::sum);
                    }
                    Map<String, Long> tail = new HashMap<>();
                    for (long id : running) {
                        Request r = requests.get(id);
                        tail.merge(r.client(), (long) r.maxNewTokens() - emitted.get(id), Long::sum);
                    }
                    for (long t : tail.values()) e = Math.max(e, t);
                    for (TraceEvent.Emit x : s.emitted()) {
                        emitted.merge(x.requestId(), 1, Integer::sum);
                        service.merge(requests.get(x.requestId()).client(), outputPrice, Long::sum);
                    }
                    for (long id : s.finished()) running.remove(id);
                }
                steps.add(new StepView(backlogged, service, s.witness()));
            }
        }
    }
}
