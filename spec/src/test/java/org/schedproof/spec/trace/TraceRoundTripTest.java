package org.schedproof.spec.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent.Arrival;
import org.schedproof.spec.trace.TraceEvent.Completion;
import org.schedproof.spec.trace.TraceEvent.Emit;
import org.schedproof.spec.trace.TraceEvent.End;
import org.schedproof.spec.trace.TraceEvent.Header;
import org.schedproof.spec.trace.TraceEvent.Hit;
import org.schedproof.spec.trace.TraceEvent.Step;

/** TRACE.md "Canonical form" and "Round trip": read(write(events)) == events, and equal runs give equal bytes. */
class TraceRoundTripTest {
    @TempDir
    Path dir;

    static List<TraceEvent> read(byte[] bytes) {
        List<TraceEvent> out = new ArrayList<>();
        try (TraceReader r = TraceReader.ofString(new String(bytes, StandardCharsets.UTF_8), "mem.jsonl")) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void everyEventTypeRoundTrips() {
        List<TraceEvent> events = SampleTraces.small();
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .contains("Header", "Arrival", "Step", "Completion", "End");
        assertThat(read(TraceWriter.toBytes(events))).isEqualTo(events);
    }

    @Test
    void randomTracesRoundTripWithModelOnAndOff() {
        for (long seed = 1; seed <= 30; seed++) {
            List<TraceEvent> events = SampleTraces.random(seed, 300, seed % 2 == 0);
            assertThat(read(TraceWriter.toBytes(events))).as("seed %d", seed).isEqualTo(events);
        }
    }

    @Test
    void canonicalLinesOfEachEventType() {
        EngineConfig engine = SampleTraces.engine(false);
        assertThat(TraceWriter.line(SampleTraces.header(engine, 2))).isEqualTo(
                "{\"type\":\"header\",\"schema\":\"schedproof.trace/1\",\"engine\":{\"numBlocks\":64,\"blockSize\":4,"
                + "\"tokenBudget\":32,\"maxRunning\":8,\"watermarkBlocks\":2,\"prefixCaching\":true,\"cost\":{\"name\":"
                + "\"toy\",\"basePs\":1000000,\"prefillTokenPs\":10000,\"decodeTokenPs\":20000,\"decodeKvPs\":100,"
                + "\"prefillPairPs\":1},\"model\":{\"shape\":\"off\",\"seed\":0},\"maxStalledSteps\":100},\"policy\":"
                + "\"fcfs/sarathi\",\"parameters\":{\"chunk\":\"8\",\"order\":\"fcfs\"},\"workload\":\"hand-built\","
                + "\"requests\":2,\"workloadDigest\":\"sha256:00ff\"}");
        assertThat(TraceWriter.line(new Arrival(1500, new Request(7, "alice", 1432,
                new Prompt(new long[] {11, -3}, new int[] {16, 20}), 64)))).isEqualTo(
                "{\"type\":\"arrival\",\"timeUs\":1500,\"id\":7,\"client\":\"alice\",\"arrivalUs\":1432,"
                + "\"prompt\":[[11,16],[-3,20]],\"maxNewTokens\":64}");
        assertThat(TraceWriter.line(new Step(3, 1500, 6685, List.of(4L), List.of(new Slice(7, 16, 4),
                new Slice(2, 30, 1)), false, List.of(new Hit(7, 16)), 1, List.of(new Emit(7, -1), new Emit(2, -1)),
                List.of(2L), 12, List.of(new Violation("budget", 3, 7, "over")), Map.of("deficit.b", -5L,
                "deficit.a", 12L)))).isEqualTo(
                "{\"type\":\"step\",\"index\":3,\"startUs\":1500,\"durationUs\":6685,\"preempted\":[4],"
                + "\"slices\":[[7,16,4],[2,30,1]],\"rejected\":false,\"hits\":[[7,16]],\"evictedBlocks\":1,"
                + "\"emitted\":[[7,-1],[2,-1]],\"finished\":[2],\"kvUsedBlocks\":12,\"violations\":[{\"rule\":"
                + "\"budget\",\"requestId\":7,\"message\":\"over\"}],\"witness\":{\"deficit.a\":12,\"deficit.b\":-5}}");
        assertThat(TraceWriter.line(new Completion(8185, 2, 128, 1))).isEqualTo(
                "{\"type\":\"completion\",\"timeUs\":8185,\"requestId\":2,\"generated\":128,\"preemptions\":1}");
        assertThat(TraceWriter.line(new End(End.DONE, 8185, 4, 1, 1))).isEqualTo(
                "{\"type\":\"end\",\"reason\":\"done\",\"timeUs\":8185,\"steps\":4,\"completed\":1,\"violations\":1}");
    }

    @Test
    void stringsAreEscapedTheCanonicalWay() {
        // '"' and '\\' escaped; U+0008,9,A,C,D as \b \t \n \f \r; other controls as backslash-u00xx, lower-case hex (as Python's json.dumps);
        // everything else, non-ASCII included, raw UTF-8.
        Request r = new Request(1, "q\"\\\b\t\n\f\r\u0001\u001f\u007f/\u00e9\u4e2d\uD83D\uDE00", 0,
                Prompt.single(1, 1), 1);
        String line = TraceWriter.line(new Arrival(0, r));
        assertThat(line).contains("\"client\":\"q\\\"\\\\\\b\\t\\n\\f\\r\\u0001\\u001f\u007f/\u00e9\u4e2d\uD83D\uDE00\"");
        List<TraceEvent> events = List.of(SampleTraces.header(SampleTraces.engine(false), 1), new Arrival(0, r),
                new End(End.DONE, 0, 0, 0, 0));
        assertThat(read(TraceWriter.toBytes(events))).isEqualTo(events);
    }

    @Test
    void equalInputsGiveByteIdenticalOutput() {
        for (long seed = 1; seed <= 10; seed++) {
            byte[] a = TraceWriter.toBytes(SampleTraces.random(seed, 200, true));
            byte[] b = TraceWriter.toBytes(SampleTraces.random(seed, 200, true));
            assertThat(b).as("seed %d", seed).isEqualTo(a);
            // Canonical form is a fixed point: reading and writing again changes nothing.
            assertThat(TraceWriter.toBytes(read(a))).as("seed %d", seed).isEqualTo(a);
        }
    }

    @Test
    void mapInsertionOrderDoesNotChangeTheBytes() {
        Map<String, Long> forward = new LinkedHashMap<>();
        Map<String, Long> backward = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) forward.put("k" + i, (long) i);
        for (int i = 19; i >= 0; i--) backward.put("k" + i, (long) i);
        Step a = new Step(0, 0, 1, List.of(), List.of(), false, List.of(), 0, List.of(), List.of(), 0, List.of(),
                forward);
        Step b = new Step(0, 0, 1, List.of(), List.of(), false, List.of(), 0, List.of(), List.of(), 0, List.of(),
                new HashMap<>(backward));
        assertThat(TraceWriter.line(a)).isEqualTo(TraceWriter.line(b)).contains("{\"k0\":0,\"k1\":1,\"k10\":10,");
    }

    @Test
    void everyLineEndsWithNewlineAndHasNoWhitespace() {
        String text = new String(TraceWriter.toBytes(SampleTraces.random(3, 100, false)), StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n").doesNotContain("\r").doesNotContain(": ").doesNotContain(", ")
                .doesNotContain("\n\n");
        assertThat(text.split("\n", -1)).endsWith("");
    }

    @Test
    void pathOutputStreamAndWriterGiveTheSameBytesAndGzipIsTransparent() throws IOException {
        List<TraceEvent> events = SampleTraces.random(5, 500, true);
        byte[] expected = TraceWriter.toBytes(events);

        Path plain = dir.resolve("out/trace.jsonl");
        try (TraceWriter w = TraceWriter.open(plain)) {
            events.forEach(w::write);
        }
        assertThat(Files.readAllBytes(plain)).isEqualTo(expected);

        StringWriter chars = new StringWriter();
        try (TraceWriter w = TraceWriter.to(chars)) {
            events.forEach(w::write);
        }
        assertThat(chars.toString().getBytes(StandardCharsets.UTF_8)).isEqualTo(expected);

        Path gz = dir.resolve("trace.jsonl.gz");
        try (TraceWriter w = TraceWriter.open(gz)) {
            events.forEach(w::write);
        }
        assertThat(Files.size(gz)).isLessThan(expected.length);
        assertThat(TraceReader.readAll(gz)).isEqualTo(events);
        assertThat(TraceReader.readAll(plain)).isEqualTo(events);
    }

    @Test
    void linesLongerThanTheReadBufferRoundTrip() {
        // A prompt of 20,000 segments makes a line of about 400 KB, several times the reader's 64 KiB buffer.
        long[] keys = new long[20_000];
        for (int i = 0; i < keys.length; i++) keys[i] = Long.MIN_VALUE + 7L * i;
        Request big = new Request(0, "big", 0, Prompt.ofBlocks(keys, 16, 16 * keys.length), 1);
        List<TraceEvent> events = List.of(SampleTraces.header(SampleTraces.engine(false), 1), new Arrival(0, big),
                new Arrival(0, new Request(1, "small", 0, Prompt.single(3, 3), 1)), new End(End.DONE, 0, 0, 0, 0));
        byte[] bytes = TraceWriter.toBytes(events);
        assertThat(bytes.length).isGreaterThan(400_000);
        assertThat(read(bytes)).isEqualTo(events);
    }

    @Test
    void truncatedGzipSaysSo() throws IOException {
        Path gz = dir.resolve("cut.jsonl.gz");
        try (TraceWriter w = TraceWriter.open(gz)) {
            SampleTraces.random(2, 2000, false).forEach(w::write);
        }
        byte[] all = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(all, all.length / 2));
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> TraceReader.readAll(gz));
        assertThat(t).isInstanceOf(TraceFormatException.class).hasMessageStartingWith(gz + ":")
                .hasMessageEndingWith("truncated?");
    }

    @Test
    void writerCanLeaveItsStreamOpen() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("closed");
            }
        };
        try (TraceWriter w = TraceWriter.to(sink, false)) {
            SampleTraces.small().forEach(w::write);
        }
        assertThat(sink.toByteArray()).isEqualTo(TraceWriter.toBytes(SampleTraces.small()));
    }

    @Test
    void readerStreamsAndReportsLineNumbers() throws IOException {
        List<TraceEvent> events = SampleTraces.small();
        Path file = dir.resolve("t.jsonl");
        Files.write(file, TraceWriter.toBytes(events));
        try (TraceReader r = TraceReader.open(file)) {
            assertThat(r.header()).isEqualTo(events.get(0));
            int i = 0;
            while (r.hasNext()) {
                assertThat(r.next()).isEqualTo(events.get(i));
                assertThat(r.line()).isEqualTo(i + 1);
                i++;
            }
            assertThat(i).isEqualTo(events.size());
        }
        try (TraceReader r = TraceReader.open(file)) {
            assertThat(r.stream().filter(e -> e instanceof Step).count()).isEqualTo(4);
        }
    }

    @Test
    void nonCanonicalKeyOrderAndCrLfAreStillRead() {
        String text = "{\"schema\":\"schedproof.trace/1\",\"type\":\"header\"," + TraceWriter.line(
                SampleTraces.header(SampleTraces.engine(false), 0)).substring(
                "{\"type\":\"header\",\"schema\":\"schedproof.trace/1\",".length()) + "\r\n"
                + "{\"violations\":[{\"message\":\"m\",\"rule\":\"r\",\"requestId\":-1}],\"index\":0,\"type\":\"step\","
                + "\"startUs\":0,\"durationUs\":1,\"preempted\":[],\"slices\":[],\"rejected\":true,\"hits\":[],"
                + "\"evictedBlocks\":0,\"emitted\":[],\"finished\":[],\"kvUsedBlocks\":0,\"witness\":{}}\r\n"
                + "{\"type\":\"end\",\"reason\":\"stalled\",\"timeUs\":1,\"steps\":1,\"completed\":0,\"violations\":1}";
        List<TraceEvent> events = new ArrayList<>();
        try (TraceReader r = TraceReader.ofString(text, "x.jsonl")) {
            r.forEachRemaining(events::add);
        }
        assertThat(events).hasSize(3);
        assertThat(((Step) events.get(1)).violations()).containsExactly(new Violation("r", 0, -1, "m"));
    }

    @Test
    void writerRefusesEventsTheReaderWouldReject() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (TraceWriter w = TraceWriter.to(sink)) {
            assertThatThrownBy(() -> w.write(new End(End.DONE, 0, 0, 0, 0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot write trace line 1: field 'type': line 1 must be the header, got an end");
            w.write(SampleTraces.header(SampleTraces.engine(false), 1));
            assertThatThrownBy(() -> w.write(SampleTraces.step(1, 0, 1, List.of(), List.of(), List.of(), List.of(),
                    List.of()))).hasMessage("cannot write trace line 2: field 'index': the first step must have "
                    + "index 0, got 1");
            assertThatThrownBy(() -> w.write(SampleTraces.step(0, 0, 1, List.of(), List.of(),
                    List.of(new Hit(3, 0)), List.of(), List.of()))).hasMessage(
                    "cannot write trace line 2: field 'hits[0][1]': expected a positive integer, got 0");
            assertThatThrownBy(() -> w.write(SampleTraces.step(0, 0, 1, List.of(), List.of(), List.of(),
                    List.of(new Emit(3, 17)), List.of()))).hasMessageContaining("field 'emitted[0][1]': the model "
                    + "is off");
            assertThatThrownBy(() -> w.write(new Step(0, 0, 1, List.of(), List.of(), false, List.of(), 0, List.of(),
                    List.of(), 0, List.of(new Violation("r", 5, -1, "m")), Map.of()))).hasMessageContaining(
                    "field 'violations[0]': violation of step 5 recorded in step 0");
            w.write(SampleTraces.step(0, 10, 1, List.of(), List.of(), List.of(), List.of(), List.of(9L)));
            assertThatThrownBy(() -> w.write(new End(End.DONE, 11, 1, 0, 0))).hasMessageContaining(
                    "step 0 finished request 9 but its completion line does not follow");
            assertThatThrownBy(() -> w.write(new Completion(12, 9, 1, 0))).hasMessageContaining(
                    "a completion happens at the end of its step (11), got 12");
            w.write(new Completion(11, 9, 1, 0));
            assertThatThrownBy(() -> w.write(new Arrival(10, new Request(9, "c", 10, Prompt.single(1, 1), 1))))
                    .hasMessageContaining("field 'timeUs': time goes backwards: 10 is before 11 (the end of step 0)");
            assertThatThrownBy(() -> w.write(new End("Done!", 11, 1, 1, 0))).hasMessageContaining("field 'reason'");
            w.write(new End(End.DONE, 11, 1, 1, 0));
            assertThat(w.ended()).isTrue();
            assertThat(w.lines()).isEqualTo(4);
        }
        assertThat(read(sink.toByteArray())).hasSize(4);
    }

    @Test
    void roundTripsA200kStepTraceThroughAFile() throws IOException {
        Path file = dir.resolve("big.jsonl");
        List<TraceEvent> events = SampleTraces.random(42, 200_000, false);
        long steps = events.stream().filter(e -> e instanceof Step).count();
        assertThat(steps).isEqualTo(200_000);
        try (TraceWriter w = TraceWriter.open(file)) {
            for (TraceEvent e : events) w.write(e);
        }
        // Speed is measured by `schedproof bench` (BENCHMARKS.md), not here: this checks a long trace survives intact.
        try (TraceReader r = TraceReader.open(file)) {
            assertThat(r.stream().iterator()).toIterable().containsExactlyElementsOf(events);
        }
    }
}
