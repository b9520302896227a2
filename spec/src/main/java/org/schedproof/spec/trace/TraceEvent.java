package org.schedproof.spec.trace;

import java.util.List;
import java.util.Map;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;

/**
 * One line of a trace (spec/TRACE.md, schema {@code trace/schema-v1.json}): a header, then arrivals, steps and
 * completions in the order they happened, then an end line. A trace without its end line is truncated.
 */
public sealed interface TraceEvent {
    String SCHEMA = "schedproof.trace/1";

    /** What produced the trace, on what input: enough to re-run it. */
    record Header(String schema, EngineConfig engine, String policy, Map<String, String> parameters, String workload,
                  long requests, String workloadDigest) implements TraceEvent {
        public Header {
            parameters = Map.copyOf(parameters);
        }
    }

    /** A request became visible to the scheduler at {@code timeUs} (its arrival, or the step start after it). */
    record Arrival(long timeUs, Request request) implements TraceEvent {}

    /** A prefix-cache hit applied when a waiting request was admitted. */
    record Hit(long requestId, int tokens) {}

    /** A token emitted at the end of the step; {@code token} is -1 when the model is off. */
    record Emit(long requestId, int token) {}

    /**
     * One iteration: the batch as the scheduler asked it (preemptions, offloads to host memory, prefetches from it,
     * then slices), whether the engine rejected it, and what happened: hits, blocks evicted, tokens emitted, requests
     * finished, KV blocks in use after it.
     */
    record Step(long index, long startUs, long durationUs, List<Long> preempted, List<Long> offloaded,
                List<Long> prefetched, List<Slice> slices, boolean rejected, List<Hit> hits, int evictedBlocks,
                List<Emit> emitted, List<Long> finished, int kvUsedBlocks, List<Violation> violations,
                Map<String, Long> witness) implements TraceEvent {
        public Step {
            preempted = frozen(preempted);
            offloaded = frozen(offloaded);
            prefetched = frozen(prefetched);
            slices = frozen(slices);
            hits = frozen(hits);
            emitted = frozen(emitted);
            finished = frozen(finished);
            violations = frozen(violations);
            witness = witness instanceof WitnessMap ? witness : Map.copyOf(witness); // a WitnessMap is immutable
        }

        /** A step that moves no KV to or from host memory. */
        public Step(long index, long startUs, long durationUs, List<Long> preempted, List<Slice> slices,
                    boolean rejected, List<Hit> hits, int evictedBlocks, List<Emit> emitted, List<Long> finished,
                    int kvUsedBlocks, List<Violation> violations, Map<String, Long> witness) {
            this(index, startUs, durationUs, preempted, List.of(), List.of(), slices, rejected, hits, evictedBlocks,
                    emitted, finished, kvUsedBlocks, violations, witness);
        }

        public long endUs() {
            return startUs + durationUs;
        }

        /**
         * An immutable copy, or the list itself when the reader made it immutable; an empty list is the shared one,
         * whose iterator is no new object (most of a step's lists are empty and every checker loops over them).
         */
        private static <T> List<T> frozen(List<T> list) {
            if (list.isEmpty()) return java.util.Collections.emptyList();
            return list instanceof FrozenList<T> ? list : List.copyOf(list);
        }
    }

    /** A request finished at {@code timeUs} having generated {@code generated} tokens. */
    record Completion(long timeUs, long requestId, int generated, int preemptions) implements TraceEvent {}

    /** The run ended: why, when, and totals a reader can check the body against. */
    record End(String reason, long timeUs, long steps, long completed, long violations) implements TraceEvent {
        public static final String DONE = "done";
        public static final String STALLED = "stalled";
    }
}
