package org.schedproof.invariants;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent;

/**
 * Hand-built traces for the checker tests: every number is written by the test, nothing is computed by an engine.
 * A step's completions are added after it (one per finished id, generated = max new tokens) unless told otherwise,
 * and its kvUsedBlocks defaults to the whole pool (which only SAFE-KV-EXACT can fault) unless set.
 */
final class TraceBuilder {
    /** Block 4, 20 blocks, budget 8, 2 running, no watermark, prefix caching on, 3 stalled steps. */
    static final EngineConfig SMALL = EngineConfig.defaults().withBlocks(20, 4).withWatermark(0).withTokenBudget(8)
            .withMaxRunning(2).withMaxStalled(3);

    private final EngineConfig config;
    private final List<TraceEvent> events = new ArrayList<>();
    private final Map<Long, Request> requests = new HashMap<>();
    private long time;
    private long steps;
    private long completions;
    private long violations;

    TraceBuilder(EngineConfig config, String batching) {
        this(config, "fcfs", batching, Map.of());
    }

    /** A trace of {@code policy/batching} whose header carries {@code parameters} (plus batching and ordering). */
    TraceBuilder(EngineConfig config, String policy, String batching, Map<String, String> parameters) {
        this.config = config;
        Map<String, String> p = new HashMap<>(parameters);
        p.put("batching", batching);
        p.put("ordering", policy);
        events.add(new TraceEvent.Header(TraceEvent.SCHEMA, config, policy + "/" + batching, p, "test", 0,
                "sha256:test"));
    }

    /** The small engine with stall-free (Sarathi) batching. */
    static TraceBuilder sarathi() {
        return new TraceBuilder(SMALL, "sarathi");
    }

    /** The small engine under {@code vtc/sarathi} with the given parameters (request i's client is c(i mod 2)). */
    static TraceBuilder vtc(String... keyValues) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) p.put(keyValues[i], keyValues[i + 1]);
        return new TraceBuilder(SMALL, "vtc", "sarathi", p);
    }

    /** Request {@code id}: one segment of key {@code 100 + id}. */
    TraceBuilder arrive(long id, int promptLength, int maxNew) {
        return arrive(id, Prompt.single(100 + id, promptLength), maxNew);
    }

    /** Request {@code id} with segments given as key, end, key, end, ... */
    TraceBuilder arriveSegments(long id, int maxNew, long... keyEnds) {
        long[] keys = new long[keyEnds.length / 2];
        int[] ends = new int[keyEnds.length / 2];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = keyEnds[2 * i];
            ends[i] = (int) keyEnds[2 * i + 1];
        }
        return arrive(id, new Prompt(keys, ends), maxNew);
    }

    private TraceBuilder arrive(long id, Prompt prompt, int maxNew) {
        Request r = new Request(id, "c" + id % 2, time, prompt, maxNew);
        requests.put(id, r);
        events.add(new TraceEvent.Arrival(time, r));
        return this;
    }

    StepBuilder step() {
        return new StepBuilder();
    }

    /** {@code n} steps with nothing in them. */
    TraceBuilder emptySteps(int n) {
        for (int i = 0; i < n; i++) step().done();
        return this;
    }

    TraceBuilder end(String reason) {
        events.add(new TraceEvent.End(reason, time, steps, completions, violations));
        return this;
    }

    TraceBuilder end() {
        return end(TraceEvent.End.DONE);
    }

    /** Any event, as is. */
    TraceBuilder add(TraceEvent e) {
        events.add(e);
        return this;
    }

    List<TraceEvent> events() {
        return List.copyOf(events);
    }

    final class StepBuilder {
        private final List<Long> preempted = new ArrayList<>();
        private final List<Long> offloaded = new ArrayList<>();
        private final List<Long> prefetched = new ArrayList<>();
        private final List<Slice> slices = new ArrayList<>();
        private final List<TraceEvent.Hit> hits = new ArrayList<>();
        private final List<TraceEvent.Emit> emitted = new ArrayList<>();
        private final List<Long> finished = new ArrayList<>();
        private final List<Violation> stepViolations = new ArrayList<>();
        private final Map<Long, Integer> generatedOverride = new HashMap<>();
        private boolean rejected;
        private boolean completionLines = true;
        private int kvUsed = config.numBlocks();
        private int evicted;
        private Map<String, Long> witness = Map.of();

        StepBuilder preempt(long... ids) {
            for (long id : ids) preempted.add(id);
            return this;
        }

        StepBuilder offload(long... ids) {
            for (long id : ids) offloaded.add(id);
            return this;
        }

        StepBuilder prefetch(long... ids) {
            for (long id : ids) prefetched.add(id);
            return this;
        }

        StepBuilder slice(long id, int start, int length) {
            slices.add(new Slice(id, start, length));
            return this;
        }

        StepBuilder hit(long id, int tokens) {
            hits.add(new TraceEvent.Hit(id, tokens));
            return this;
        }

        StepBuilder emit(long... ids) {
            for (long id : ids) emitted.add(new TraceEvent.Emit(id, -1));
            return this;
        }

        /** {@code id} emits token id {@code token} (a trace of the model on). */
        StepBuilder emitToken(long id, int token) {
            emitted.add(new TraceEvent.Emit(id, token));
            return this;
        }

        StepBuilder finish(long... ids) {
            for (long id : ids) finished.add(id);
            return this;
        }

        /** The policy state the step claims, as alternating key, value: witness("vtc.c.c0", 4L, ...). */
        StepBuilder witness(Object... keyValues) {
            Map<String, Long> w = new HashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) {
                w.put((String) keyValues[i], ((Number) keyValues[i + 1]).longValue());
            }
            witness = w;
            return this;
        }

        StepBuilder kv(int blocks) {
            kvUsed = blocks;
            return this;
        }

        StepBuilder evicted(int blocks) {
            evicted = blocks;
            return this;
        }

        /** The engine refused the batch (with one violation, as an engine records). */
        StepBuilder rejected() {
            rejected = true;
            stepViolations.add(new Violation("BUDGET", steps, Violation.NO_REQUEST, "refused"));
            return this;
        }

        /** The completion line of {@code id} says it generated {@code generated}. */
        StepBuilder completionSays(long id, int generated) {
            generatedOverride.put(id, generated);
            return this;
        }

        /** Write no completion lines after this step. */
        StepBuilder noCompletions() {
            completionLines = false;
            return this;
        }

        TraceBuilder done() {
            long start = time;
            long duration = 10;
            events.add(new TraceEvent.Step(steps, start, duration, preempted, offloaded, prefetched, slices, rejected,
                    hits, evicted, emitted, finished, kvUsed, stepViolations, witness));
            steps++;
            violations += stepViolations.size();
            time = start + duration;
            if (completionLines) {
                for (long id : finished) {
                    Request r = requests.get(id);
                    int generated = generatedOverride.getOrDefault(id, r == null ? 1 : r.maxNewTokens());
                    events.add(new TraceEvent.Completion(time, id, generated, 0));
                    completions++;
                }
            }
            return TraceBuilder.this;
        }
    }
}
