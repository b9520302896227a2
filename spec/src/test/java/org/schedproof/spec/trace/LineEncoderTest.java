package org.schedproof.spec.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The direct path of {@link LineEncoder} against its general path (Jackson's generator), on the seeded random events
 * of {@link CanonicalLineTest} (odd witness keys, escaped clients, violations, extreme integers among them): the same
 * bytes for every event, and most of them take the direct path.
 */
class LineEncoderTest {
    private static final long SEED = 20261206L;

    @Test
    void theDirectPathWritesTheGeneralPathsBytes() {
        Random rnd = new Random(SEED);
        LineEncoder direct = new LineEncoder();
        LineEncoder general = new LineEncoder();
        int straight = 0;
        for (int n = 0; n < 12_000; n++) {
            TraceEvent event = CanonicalLineTest.randomEvent(rnd);
            direct.encode(event);
            general.encodeGeneral(event);
            byte[] d = Arrays.copyOf(direct.bytes(), direct.length());
            byte[] g = Arrays.copyOf(general.bytes(), general.length());
            assertThat(new String(d, StandardCharsets.UTF_8)).as("seed %d, event %d", SEED, n)
                    .isEqualTo(new String(g, StandardCharsets.UTF_8));
            assertThat(d).as("seed %d, event %d: bytes", SEED, n).isEqualTo(g);
            if (LineEncoder.direct(event)) straight++;
        }
        assertThat(straight).as("events written straight").isGreaterThan(6_000);
    }

    @Test
    void integersAtEveryPowerOfTenAreWrittenAlike() {
        LineEncoder direct = new LineEncoder();
        LineEncoder general = new LineEncoder();
        java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(Long.MAX_VALUE, Long.MIN_VALUE, -1L));
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
            values.addAll(java.util.List.of(p - 1, p, p + 1, -p));
            if (p > Long.MAX_VALUE / 10) break;
        }
        for (long v : values) {
            long id = Math.max(0, v);
            // a step's index and witness value and an emitted token (-1) cover the signs the lines allow
            TraceEvent event = new TraceEvent.Step(id, id, 0, java.util.List.of(), java.util.List.of(), false,
                    java.util.List.of(), 0, java.util.List.of(new TraceEvent.Emit(id, -1)), java.util.List.of(), 0,
                    java.util.List.of(), java.util.Map.of("w", v));
            direct.encode(event);
            general.encodeGeneral(event);
            assertThat(new String(direct.bytes(), 0, direct.length(), StandardCharsets.UTF_8)).as("%d", v)
                    .isEqualTo(new String(general.bytes(), 0, general.length(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyLineOfTheSampleTracesIsWrittenAlikeByBothPaths() {
        LineEncoder direct = new LineEncoder();
        LineEncoder general = new LineEncoder();
        java.util.List<TraceEvent> events = new java.util.ArrayList<>(SampleTraces.small());
        events.addAll(SampleTraces.random(7, 3_000, false));
        events.addAll(SampleTraces.random(8, 500, true));
        for (TraceEvent event : events) {
            direct.encode(event);
            general.encodeGeneral(event);
            assertThat(new String(direct.bytes(), 0, direct.length(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(general.bytes(), 0, general.length(), StandardCharsets.UTF_8));
        }
    }
}
