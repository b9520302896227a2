package org.schedproof.engine.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;

/** Runs the engine into memory and offers views of the trace that tests read. */
record Runs(List<TraceEvent> events) {
    static Runs of(EngineConfig config, Scheduler scheduler, List<Request> requests) {
        List<TraceEvent> events = new ArrayList<>();
        new Engine(config, scheduler, events::add).run(requests, "test", "none");
        return new Runs(events);
    }

    List<TraceEvent.Step> steps() {
        return events.stream().filter(e -> e instanceof TraceEvent.Step).map(e -> (TraceEvent.Step) e).toList();
    }

    TraceEvent.End end() {
        return (TraceEvent.End) events.get(events.size() - 1);
    }

    /** Emitted tokens per request, in emission order. */
    Map<Long, List<Integer>> tokens() {
        Map<Long, List<Integer>> out = new HashMap<>();
        for (TraceEvent.Step s : steps()) {
            for (TraceEvent.Emit e : s.emitted()) out.computeIfAbsent(e.requestId(), k -> new ArrayList<>()).add(e.token());
        }
        return out;
    }
}
