package org.schedproof.conformance.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.Batch;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.StepOutcome;

/**
 * The Python library's mirror is the engine's view at every step: ALISE with host memory (preemption, offloads and
 * prefetches, so all three lists move) runs in process while a recorder notes each view and decision; a replay port
 * on the library answers the same decisions through the protocol and writes its mirror at each step; the two agree
 * call for call (lists in order, every value, the derived ones included), and so do the traces, byte for byte.
 */
@Timeout(180)
class LibraryMirrorTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The reference scheduler, noting at each call the view it saw (as replay.py writes it) and what it decided. */
    static final class Recorder implements Scheduler {
        final Scheduler inner;
        final List<JsonNode> views = new ArrayList<>();
        final BufferedWriter decisions;

        Recorder(Scheduler inner, BufferedWriter decisions) {
            this.inner = inner;
            this.decisions = decisions;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Map<String, String> parameters() {
            return inner.parameters();
        }

        @Override
        public void onArrival(Request r, long nowUs) {
            inner.onArrival(r, nowUs);
        }

        @Override
        public void onStepEnd(StepOutcome o) {
            inner.onStepEnd(o);
        }

        @Override
        public Map<String, Long> witness() {
            return inner.witness();
        }

        @Override
        public Batch schedule(EngineView v) {
            ObjectNode state = JSON.createObjectNode();
            state.put("index", v.stepIndex()).put("nowUs", v.nowUs()).put("free", v.freeBlocks())
                    .put("evictable", v.evictableBlocks()).put("hostFree", v.hostFreeBlocks());
            list(state.putArray("waiting"), v, v.waiting(), 0);
            list(state.putArray("running"), v, v.running(), 1);
            list(state.putArray("offloaded"), v, v.offloaded(), 2);
            views.add(state);
            Batch b = inner.schedule(v);
            ObjectNode d = JSON.createObjectNode();
            ArrayNode slices = d.putArray("slices");
            for (Slice s : b.slices()) slices.addArray().add(s.requestId()).add(s.start()).add(s.length());
            b.preemptions().forEach(d.putArray("preempt")::add);
            b.offloads().forEach(d.putArray("offload")::add);
            b.prefetches().forEach(d.putArray("prefetch")::add);
            ObjectNode w = d.putObject("witness");
            inner.witness().forEach(w::put);
            try {
                decisions.write(JSON.writeValueAsString(d));
                decisions.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return b;
        }

        private static void list(ArrayNode out, EngineView v, List<? extends RequestView> rs, int queue) {
            for (RequestView r : rs) {
                out.addArray().add(r.id()).add(r.computed()).add(r.generated()).add(r.blocksHeld()).add(r.preemptions())
                        .add(queue == 0 ? v.cachedPrefixTokens(r.id()) : 0)
                        .add(queue == 0 ? v.cachedPrefixEvictableBlocks(r.id()) : 0)
                        .add(queue == 1 ? v.releasableBlocks(r.id()) : 0)
                        .add(r.sequenceLength()).add(r.pending()).add(r.isDecode() ? 1 : 0);
            }
        }
    }

    @Test
    void theLibrarysListsAreTheEnginesAtEveryStep(@TempDir Path dir) throws IOException {
        Ports.assumePython();
        Workload w = Workloads.load("gen:system-prompt?requests=120&clients=4&system=64&input=16..200&output=8..120"
                + "&qps=300&seed=4");
        EngineConfig config = FcfsPortRoundTripTest.tight(w).withMaxRunning(16).withHost(40, 16);
        Path decisions = dir.resolve("decisions.jsonl");
        Recorder rec;
        byte[] expected;
        try (BufferedWriter out = Files.newBufferedWriter(decisions, StandardCharsets.UTF_8)) {
            rec = new Recorder(Schedulers.create("alise", "sarathi", Map.of()), out);
            expected = Ports.referenceTrace(rec, config, w);
        }
        String trace = new String(expected, StandardCharsets.UTF_8);
        assertThat(trace).as("offloads").contains("\"offloaded\":[").as("prefetches").contains("\"prefetched\":[")
                .as("preemptions").containsPattern("\"preempted\":\\[\\d");

        Path states = dir.resolve("states.jsonl");
        Ports.Traced got = Ports.portTrace(Ports.python(Ports.resource("tools/replay.py"), decisions.toString(),
                states.toString(), Ports.root().resolve("ports/python").toString()), PortOptions.DEFAULTS,
                rec.name(), rec.parameters(), config, w, dir.resolve("port.stderr.log"));
        assertThat(got.result().failure()).isEmpty();

        List<String> seen = Files.readAllLines(states, StandardCharsets.UTF_8);
        assertThat(seen).hasSameSizeAs(rec.views);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("schedule call %d", i).isEqualTo(JSON.writeValueAsString(rec.views.get(i)));
        }
        assertThat(got.trace()).isEqualTo(expected);
        long offloadedViews = rec.views.stream().filter(v -> !v.get("offloaded").isEmpty()).count();
        System.out.println("mirror compared at " + seen.size() + " calls, " + offloadedViews + " with offloaded requests");
    }
}
