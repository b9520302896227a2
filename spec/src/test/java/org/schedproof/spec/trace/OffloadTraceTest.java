package org.schedproof.spec.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent.Emit;
import org.schedproof.spec.trace.TraceEvent.Step;

/** TRACE.md: the host tier in the header and the offloaded / prefetched lists of a step, present only when used. */
class OffloadTraceTest {
    static final EngineConfig HOST = SampleTraces.engine(false).withHost(new EngineConfig.HostMemory(10, 8, 123));

    /** Request 0 prefills, is offloaded, prefetched, and finishes. */
    static List<TraceEvent> offloadTrace() {
        List<TraceEvent> t = new ArrayList<>();
        t.add(SampleTraces.header(HOST, 1));
        t.add(new TraceEvent.Arrival(0, new Request(0, "a", 0, Prompt.single(3, 6), 2)));
        t.add(SampleTraces.step(0, 0, 5, List.of(), List.of(new Slice(0, 0, 6)), List.of(), List.of(new Emit(0, -1)),
                List.of()));
        t.add(new Step(1, 5, 5, List.of(), List.of(0L), List.of(), List.of(), false, List.of(), 0, List.of(),
                List.of(), 1, List.of(), Map.of()));
        t.add(new Step(2, 10, 5, List.of(), List.of(), List.of(0L), List.of(), false, List.of(), 0, List.of(),
                List.of(), 3, List.of(), Map.of()));
        t.add(SampleTraces.step(3, 15, 5, List.of(), List.of(new Slice(0, 6, 1)), List.of(), List.of(new Emit(0, -1)),
                List.of(0L)));
        t.add(new TraceEvent.Completion(20, 0, 2, 0));
        t.add(new TraceEvent.End(TraceEvent.End.DONE, 20, 4, 1, 0));
        return t;
    }

    static List<String> lines(List<TraceEvent> events) {
        return Arrays.asList(new String(TraceWriter.toBytes(events), StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void hostTierAndMovesRoundTripAndValidate() throws Exception {
        TraceSchemaTest.loadSchema();
        List<TraceEvent> events = offloadTrace();
        assertThat(TraceRoundTripTest.read(TraceWriter.toBytes(events))).isEqualTo(events);
        List<String> l = lines(events);
        assertThat(l.get(0)).contains(",\"maxStalledSteps\":100,\"host\":{\"blocks\":10,\"kvBits\":8,"
                + "\"transferBlockPs\":123}}");
        assertThat(l.get(3)).contains("\"preempted\":[],\"offloaded\":[0],\"slices\":[]").doesNotContain("prefetched");
        assertThat(l.get(4)).contains("\"preempted\":[],\"prefetched\":[0],\"slices\":[]").doesNotContain("offloaded");
        for (String line : l) assertThat(TraceSchemaTest.validate(line)).as(line).isEmpty();
    }

    @Test
    void withoutHostMemoryNothingOfItIsWritten() {
        String text = new String(TraceWriter.toBytes(SampleTraces.small()), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("host", "offloaded", "prefetched");
        // zero host blocks is "no host memory", whatever the precision or link
        assertThat(SampleTraces.engine(false).withHost(new EngineConfig.HostMemory(0, 4, 99)).host())
                .isEqualTo(EngineConfig.HostMemory.NONE);
    }

    @Test
    void anEmptyMoveListOrAnUnknownHostFieldIsRefused() {
        List<String> l = new ArrayList<>(lines(offloadTrace()));
        List<String> empty = new ArrayList<>(l);
        empty.set(2, l.get(2).replace("\"preempted\":[],", "\"preempted\":[],\"offloaded\":[],"));
        assertThat(TraceReaderErrorTest.failure(String.join("\n", empty) + "\n").getMessage())
                .contains(":3: field 'offloaded': present only when non-empty");
        List<String> unknown = new ArrayList<>(l);
        unknown.set(0, l.get(0).replace("\"kvBits\":8", "\"kvBits\":8,\"bandwidth\":1"));
        assertThat(TraceReaderErrorTest.failure(String.join("\n", unknown) + "\n").getMessage())
                .contains(":1: field 'engine.host.bandwidth': unknown field");
    }

    @Test
    void aQuantizedBlockTakesItsShareOfAHostBlockRoundedUp() {
        // 3 blocks at 8 bits = 24/16 -> 2; at 4 bits 12/16 -> 1; at 16 bits 3
        assertThat(new EngineConfig.HostMemory(9, 8, 0).footprint(3)).isEqualTo(2);
        assertThat(new EngineConfig.HostMemory(9, 4, 0).footprint(3)).isEqualTo(1);
        assertThat(new EngineConfig.HostMemory(9, 16, 0).footprint(3)).isEqualTo(3);
        assertThat(new EngineConfig.HostMemory(9, 8, 0).footprint(0)).isEqualTo(0);
    }
}
