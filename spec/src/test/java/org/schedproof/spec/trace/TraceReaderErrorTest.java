package org.schedproof.spec.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TRACE.md "Errors": every defect is a TraceFormatException whose message names the file, the line and (where there
 * is one) the field. The base trace is {@link SampleTraces#small()}; its lines are:
 * <pre>
 *  1 header          2 arrival 0      3 step 0        4 arrival 1      5 step 1 (rejected)
 *  6 step 2          7 completion 1   8 step 3        9 completion 0  10 end
 * </pre>
 */
class TraceReaderErrorTest {
    static final String FILE = "out/trace.jsonl";

    @TempDir
    Path dir;

    static List<String> lines() {
        String text = new String(TraceWriter.toBytes(SampleTraces.small()), StandardCharsets.UTF_8);
        return new ArrayList<>(Arrays.asList(text.split("\n")));
    }

    static String join(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    /** Reads the whole text and returns the failure, which must be a TraceFormatException. */
    static TraceFormatException failure(String text) {
        Throwable t = catchThrowable(() -> {
            try (TraceReader r = TraceReader.ofString(text, FILE)) {
                while (r.hasNext()) r.next();
            }
        });
        assertThat(t).as("reading must fail with a TraceFormatException").isInstanceOf(TraceFormatException.class);
        return (TraceFormatException) t;
    }

    static void fails(List<String> lines, String expectedMessage) {
        TraceFormatException e = failure(join(lines));
        assertThat(e.getMessage()).isEqualTo(expectedMessage);
    }

    static String replace(String line, String from, String to) {
        assertThat(line).contains(from);
        return line.replace(from, to);
    }

    @Test
    void theBaseTraceIsValid() {
        assertThatCode(() -> TraceReader.ofString(join(lines()), FILE).forEachRemaining(e -> { }))
                .doesNotThrowAnyException();
        assertThat(lines()).hasSize(10);
    }

    @Test
    void truncatedTraceWithoutEndLine() {
        List<String> l = lines();
        l.remove(9);
        TraceFormatException e = failure(join(l));
        assertThat(e.getMessage()).isEqualTo(FILE + ":9: trace ends at line 9 without an end event: truncated?");
        assertThat(e.file()).isEqualTo(FILE);
        assertThat(e.line()).isEqualTo(9);
        assertThat(e.field()).isNull();
    }

    @Test
    void lastLineCutMidJson() {
        List<String> l = lines().subList(0, 8);
        String step3 = l.get(7);
        String cut = step3.substring(0, step3.indexOf("\"slices\":[[0,0,") + "\"slices\":[[0,0,".length());
        l.set(7, cut);
        TraceFormatException e = failure(String.join("\n", l)); // no line end after the cut line
        assertThat(e.getMessage())
                .startsWith(FILE + ":8: field 'slices[0][2]': garbled JSON at column " + (cut.length() + 1) + ": ")
                .endsWith("; the last line stops mid-JSON without a line end: truncated?");
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.field()).isEqualTo("slices[0][2]");
    }

    @Test
    void removedStepBreaksTheIndexSequence() {
        List<String> l = lines();
        l.remove(6); // completion of step 2
        l.remove(5); // step 2
        fails(l, FILE + ":6: field 'index': expected step 2 after step 1, got 3: a step is missing");
    }

    @Test
    void removedStepAloneLeavesItsCompletionOrphaned() {
        List<String> l = lines();
        l.remove(5);
        fails(l, FILE + ":6: field 'requestId': completion of request 1 does not follow the step that finished it "
                + "(step 1 has no more finished requests)");
    }

    @Test
    void garbledLine() {
        List<String> l = lines();
        l.set(3, "{\"type\":\"arrival\",\"timeUs\":5,,\"id\":1}");
        TraceFormatException e = failure(join(l));
        assertThat(e.getMessage()).startsWith(FILE + ":4: field 'timeUs': garbled JSON at column 30: Unexpected "
                + "character (','");
        assertThat(e.getMessage()).doesNotContain("truncated").doesNotContain("\n");
    }

    @Test
    void notJsonAtAll() {
        List<String> l = lines();
        l.set(2, "step 0 ran for 5us");
        TraceFormatException e = failure(join(l));
        assertThat(e.getMessage()).startsWith(FILE + ":3: garbled JSON at column 6 (outside any field): "
                + "Unrecognized token 'step'");
    }

    @Test
    void wrongTypeInAField() {
        List<String> l = lines();
        l.set(2, replace(l.get(2), "\"durationUs\":5", "\"durationUs\":\"5\""));
        fails(l, FILE + ":3: field 'durationUs': expected a non-negative integer, got the string \"5\"");
    }

    @Test
    void negativeSliceLength() {
        List<String> l = lines();
        l.set(2, replace(l.get(2), "\"slices\":[[0,0,6]]", "\"slices\":[[0,0,6],[1,2,-1]]"));
        fails(l, FILE + ":3: field 'slices[1][2]': expected a positive integer, got -1");
    }

    @Test
    void sliceOfTwoElements() {
        List<String> l = lines();
        l.set(2, replace(l.get(2), "\"slices\":[[0,0,6]]", "\"slices\":[[0,0]]"));
        fails(l, FILE + ":3: field 'slices[0]': expected 3 elements [requestId, start, length], got 2");
    }

    @Test
    void fractionWhereAnIntegerBelongs() {
        List<String> l = lines();
        l.set(2, replace(l.get(2), "\"durationUs\":5", "\"durationUs\":5.0"));
        fails(l, FILE + ":3: field 'durationUs': expected a non-negative integer, got 5.0");
    }

    @Test
    void integerBeyond64Bits() {
        List<String> l = lines();
        l.set(2, replace(l.get(2), "\"startUs\":0", "\"startUs\":99999999999999999999"));
        fails(l, FILE + ":3: field 'startUs': expected a non-negative integer of 64 bits, got 99999999999999999999");
    }

    @Test
    void intFieldBeyond32Bits() {
        List<String> l = lines();
        l.set(1, replace(l.get(1), "\"maxNewTokens\":2", "\"maxNewTokens\":2147483648"));
        fails(l, FILE + ":2: field 'maxNewTokens': expected a positive integer of 32 bits (at most 2147483647), "
                + "got 2147483648");
    }

    @Test
    void nullString() {
        List<String> l = lines();
        l.set(1, replace(l.get(1), "\"client\":\"alice\"", "\"client\":null"));
        fails(l, FILE + ":2: field 'client': expected a string, got null");
    }

    @Test
    void headerNotOnLineOne() {
        List<String> l = lines();
        String header = l.remove(0);
        l.add(1, header);
        fails(l, FILE + ":1: field 'type': line 1 must be the header, got an arrival");
    }

    @Test
    void secondHeader() {
        List<String> l = lines();
        l.add(2, l.get(0));
        fails(l, FILE + ":3: field 'type': a second header: the header is line 1 and only line 1");
    }

    @Test
    void unknownSchemaVersion() {
        List<String> l = lines();
        l.set(0, replace(l.get(0), "schedproof.trace/1", "schedproof.trace/2") .replace("\"policy\"",
                "\"newField\":1,\"policy\""));
        fails(l, FILE + ":1: field 'schema': unsupported schema version 'schedproof.trace/2' (this reader reads "
                + "'schedproof.trace/1')");
    }

    @Test
    void unknownSchemaVersionIsReportedFirstInAnyKeyOrder() {
        // A newer header may have other engine fields, placed anywhere: the version is still the verdict.
        String v2 = "{\"engine\":{\"gpus\":8},\"type\":\"header\",\"cluster\":true,"
                + "\"schema\":\"schedproof.trace/2\"}";
        List<String> l = lines();
        l.set(0, v2);
        fails(l, FILE + ":1: field 'schema': unsupported schema version 'schedproof.trace/2' (this reader reads "
                + "'schedproof.trace/1')");
    }

    @Test
    void unknownEventType() {
        List<String> l = lines();
        l.set(3, replace(l.get(3), "\"type\":\"arrival\"", "\"type\":\"arrivel\""));
        fails(l, FILE + ":4: field 'type': unknown event type 'arrivel' (expected header, arrival, step, completion "
                + "or end)");
    }

    @Test
    void missingField() {
        List<String> l = lines();
        l.set(2, replace(l.get(2), "\"kvUsedBlocks\":2,", ""));
        TraceFormatException e = failure(join(l));
        assertThat(e.getMessage()).startsWith(FILE + ":3: field 'kvUsedBlocks': missing (a step has index, startUs,");
    }

    @Test
    void missingNestedField() {
        List<String> l = lines();
        l.set(0, replace(l.get(0), "\"decodeKvPs\":100,", ""));
        TraceFormatException e = failure(join(l));
        assertThat(e.getMessage()).startsWith(FILE + ":1: field 'engine.cost.decodeKvPs': missing");
    }

    @Test
    void extraField() {
        List<String> l = lines();
        l.set(2, replace(l.get(2), "\"witness\"", "\"priority\":3,\"witness\""));
        TraceFormatException e = failure(join(l));
        assertThat(e.getMessage()).startsWith(FILE + ":3: field 'priority': unknown field for a step (expected index,");
    }

    @Test
    void repeatedField() {
        List<String> l = lines();
        l.set(2, replace(l.get(2), "\"witness\"", "\"index\":0,\"witness\""));
        TraceFormatException e = failure(join(l));
        assertThat(e.getMessage()).startsWith(FILE + ":3: field 'index': garbled JSON at column")
                .contains("Duplicate field 'index'");
    }

    @Test
    void timeGoingBackwards() {
        List<String> l = lines();
        l.set(3, replace(l.get(3), "\"timeUs\":5", "\"timeUs\":4"));
        fails(l, FILE + ":4: field 'timeUs': time goes backwards: 4 is before 5 (the end of step 0)");
    }

    @Test
    void stepStartingBeforeThePreviousEnded() {
        List<String> l = lines();
        l.set(7, replace(l.get(7), "\"startUs\":12", "\"startUs\":11"));
        fails(l, FILE + ":8: field 'startUs': time goes backwards: 11 is before 12 (the end of step 2)");
    }

    @Test
    void visibleBeforeArriving() {
        List<String> l = lines();
        l.set(3, replace(l.get(3), "\"arrivalUs\":3", "\"arrivalUs\":6"));
        fails(l, FILE + ":4: field 'timeUs': a request cannot become visible (5) before it arrives (arrivalUs 6)");
    }

    @Test
    void aCanonicalArrivalVisibleBeforeArriving() {
        // alice's line is plain, so the parser-free path reads it: it must leave the rule to the general path
        List<String> l = lines();
        l.set(1, replace(l.get(1), "\"arrivalUs\":0", "\"arrivalUs\":1"));
        fails(l, FILE + ":2: field 'timeUs': a request cannot become visible (0) before it arrives (arrivalUs 1)");
    }

    @Test
    void aCanonicalRejectedStepThatAppliedAHit() {
        List<String> l = lines();
        l.set(5, replace(l.get(5), "\"rejected\":false", "\"rejected\":true"));
        fails(l, FILE + ":6: field 'hits': a rejected step applies no prefix hits");
    }

    @Test
    void completionAtTheWrongTime() {
        List<String> l = lines();
        l.set(6, replace(l.get(6), "\"timeUs\":12", "\"timeUs\":13"));
        fails(l, FILE + ":7: field 'timeUs': a completion happens at the end of its step (12), got 13");
    }

    @Test
    void finishedWithoutCompletion() {
        List<String> l = lines();
        l.remove(6);
        fails(l, FILE + ":7: field 'type': step 2 finished request 1 but its completion line does not follow (got a "
                + "step)");
    }

    @Test
    void tokenWhileTheModelIsOff() {
        List<String> l = lines();
        l.set(2, replace(l.get(2), "\"emitted\":[[0,-1]]", "\"emitted\":[[0,17]]"));
        fails(l, FILE + ":3: field 'emitted[0][1]': the model is off (header engine.model.shape 'off'), so tokens "
                + "are -1, got 17");
    }

    @Test
    void endTotalsMustMatchTheBody() {
        List<String> l = lines();
        l.set(9, replace(l.get(9), "\"steps\":4", "\"steps\":5"));
        fails(l, FILE + ":10: field 'steps': the end line counts 5 steps but the trace has 4");
        l = lines();
        l.set(9, replace(l.get(9), "\"violations\":2", "\"violations\":0"));
        fails(l, FILE + ":10: field 'violations': the end line counts 0 violations but the steps list 2");
    }

    @Test
    void lineAfterTheEnd() {
        List<String> l = lines();
        l.add(l.get(8));
        fails(l, FILE + ":11: a line after the end event: the end event must be the last line");
    }

    @Test
    void blankLine() {
        List<String> l = lines();
        l.add(4, "");
        fails(l, FILE + ":5: blank line (a trace has exactly one event per line)");
    }

    @Test
    void twoEventsOnOneLine() {
        List<String> l = lines();
        l.set(3, l.get(3) + l.get(4));
        l.remove(4);
        fails(l, FILE + ":4: more than one JSON value on the line (one event per line)");
    }

    @Test
    void emptyFile() {
        assertThat(failure("").getMessage()).isEqualTo(FILE + ":1: empty trace: expected a header on line 1");
    }

    @Test
    void invalidUtf8() {
        byte[] good = join(lines()).getBytes(StandardCharsets.UTF_8);
        byte[] bad = Arrays.copyOf(good, good.length);
        int at = new String(good, StandardCharsets.UTF_8).indexOf("alice");
        bad[at] = (byte) 0xC3; // a lead byte followed by 'l': not UTF-8
        Throwable t = catchThrowable(() -> TraceReader.of(new ByteArrayInputStream(bad), FILE)
                .forEachRemaining(e -> { }));
        assertThat(t).isInstanceOf(TraceFormatException.class);
        assertThat(t.getMessage()).startsWith(FILE + ":2: field 'client': garbled JSON at column");
    }

    @Test
    void missingFileIsAPlainIoError() {
        Path missing = dir.resolve("nope.jsonl");
        Throwable t = catchThrowable(() -> TraceReader.open(missing));
        assertThat(t).isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope.jsonl");
    }

    @Test
    void fileNameInMessagesIsThePathAsGiven() throws IOException {
        List<String> l = lines();
        l.remove(9);
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, join(l));
        Throwable t = catchThrowable(() -> TraceReader.readAll(file));
        assertThat(t).hasMessage(file + ":9: trace ends at line 9 without an end event: truncated?");
    }

    @Test
    void afterAFailureTheReaderRethrowsTheSameError() {
        List<String> l = lines();
        l.remove(9);
        TraceReader r = TraceReader.ofString(join(l), FILE);
        for (int i = 0; i < 9; i++) r.next();
        Throwable first = catchThrowable(r::hasNext);
        Throwable second = catchThrowable(r::hasNext);
        assertThat(first).isInstanceOf(TraceFormatException.class).isSameAs(second);
    }

    /**
     * Seeded corruptions of valid traces (cut at a random byte, a byte changed, a line dropped, two lines swapped,
     * a line duplicated): reading either succeeds or fails with a located TraceFormatException, never anything else.
     */
    @Test
    void corruptedTracesFailOnlyWithLocatedTraceFormatExceptions() {
        for (long seed = 1; seed <= 400; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            byte[] good = TraceWriter.toBytes(SampleTraces.random(seed, 40, seed % 2 == 0));
            byte[] bad = corrupt(good, rnd);
            Throwable t = catchThrowable(() -> {
                try (TraceReader r = TraceReader.of(new ByteArrayInputStream(bad), FILE)) {
                    r.forEachRemaining(e -> { });
                }
            });
            if (t != null) {
                assertThat(t).as("seed %d", seed).isInstanceOf(TraceFormatException.class);
                assertThat(t.getMessage()).as("seed %d", seed).matches("(?s)" + FILE.replace(".", "\\.")
                        + ":[0-9]+: .+").doesNotContain("\n").doesNotContain("Source:");
            } else {
                assertThat(bad).as("seed %d: only a harmless change may pass", seed).isNotEmpty();
            }
        }
    }

    static byte[] corrupt(byte[] good, SplittableRandom rnd) {
        String text = new String(good, StandardCharsets.UTF_8);
        List<String> l = new ArrayList<>(Arrays.asList(text.split("\n")));
        switch (rnd.nextInt(5)) {
            case 0:
                return Arrays.copyOf(good, rnd.nextInt(good.length));
            case 1: {
                byte[] b = good.clone();
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                return b;
            }
            case 2:
                l.remove(rnd.nextInt(l.size()));
                break;
            case 3:
                java.util.Collections.swap(l, rnd.nextInt(l.size()), rnd.nextInt(l.size()));
                break;
            default: {
                int i = rnd.nextInt(l.size());
                l.add(i, l.get(i));
            }
        }
        return join(l).getBytes(StandardCharsets.UTF_8);
    }
}
