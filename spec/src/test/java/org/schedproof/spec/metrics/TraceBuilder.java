package org.schedproof.spec.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.CostProfile;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceReader;
import org.schedproof.spec.trace.TraceWriter;

/**
 * Hand-built traces for metric tests, written as the engine would: arrivals, then a step, then its completions
 * (added automatically at the step's end). {@link #events()} passes them through the writer and the reader, so every
 * test trace is well-formed by TRACE.md.
 */
final class TraceBuilder {
    private final List<TraceEvent> events = new ArrayList<>();
    private final Map<Long, Integer> generated = new HashMap<>();
    private final Map<Long, Integer> preempted = new HashMap<>();
    private long steps;
    private long completed;
    private long violations;
    private long clock;

    TraceBuilder() {
        EngineConfig engine = new EngineConfig(64, 2, 64, 8, 1, true,
                new CostProfile("test", 1_000_000, 0, 0, 0, 0), ModelSpec.OFF, 100);
        events.add(new TraceEvent.Header(TraceEvent.SCHEMA, engine, "test", Map.of(), "hand-built", 0, "none"));
    }

    /** A request of {@code promptLength} tokens, visible at max(arrivalUs, clock). */
    TraceBuilder arrival(long id, String client, long arrivalUs, int promptLength, int maxNew) {
        clock = Math.max(clock, arrivalUs);
        events.add(new TraceEvent.Arrival(clock, new Request(id, client, arrivalUs, Prompt.single(id, promptLength),
                maxNew)));
        return this;
    }

    Step step(long durationUs) {
        return new Step(durationUs);
    }

    TraceBuilder end(String reason) {
        events.add(new TraceEvent.End(reason, clock, steps, completed, violations));
        return this;
    }

    /** The events, after a round trip through TraceWriter and TraceReader. */
    List<TraceEvent> events() {
        byte[] bytes = TraceWriter.toBytes(events);
        List<TraceEvent> out = new ArrayList<>();
        try (TraceReader r = TraceReader.ofString(new String(bytes, StandardCharsets.UTF_8), "built.jsonl")) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    final class Step {
        private final long duration;
        private final List<Long> preempt = new ArrayList<>();
        private final List<Slice> slices = new ArrayList<>();
        private final List<TraceEvent.Hit> hits = new ArrayList<>();
        private final List<TraceEvent.Emit> emitted = new ArrayList<>();
        private final List<Long> finished = new ArrayList<>();
        private final List<Violation> vs = new ArrayList<>();
        private boolean rejected;

        Step(long duration) {
            this.duration = duration;
        }

        Step preempt(long id) {
            preempt.add(id);
            preempted.merge(id, 1, Integer::sum);
            return this;
        }

        Step slice(long id, int start, int length) {
            slices.add(new Slice(id, start, length));
            return this;
        }

        Step hit(long id, int tokens) {
            hits.add(new TraceEvent.Hit(id, tokens));
            return this;
        }

        Step emit(long id) {
            emitted.add(new TraceEvent.Emit(id, -1));
            generated.merge(id, 1, Integer::sum);
            return this;
        }

        Step finish(long id) {
            finished.add(id);
            return this;
        }

        Step rejected() {
            rejected = true;
            return this;
        }

        Step violation(String rule, long requestId) {
            vs.add(new Violation(rule, steps, requestId, rule + " broken"));
            return this;
        }

        TraceBuilder done() {
            events.add(new TraceEvent.Step(steps, clock, duration, preempt, slices, rejected, hits, 0, emitted,
                    finished, 0, vs, Map.of()));
            steps++;
            violations += vs.size();
            clock += duration;
            for (long id : finished) {
                events.add(new TraceEvent.Completion(clock, id, generated.get(id), preempted.getOrDefault(id, 0)));
                completed++;
            }
            return TraceBuilder.this;
        }
    }
}
