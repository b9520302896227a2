package org.schedproof.spec.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;

/**
 * The parser-free path ({@link CanonicalLine}) against the general decoder, on seeded random steps, arrivals and
 * completions: every canonical line the writer writes (a step without violations or odd witness keys, an arrival with
 * a plain client, counts of at most 18 digits) takes the fast path and decodes to the same event; and on randomly
 * damaged lines, whatever the fast path accepts the general decoder accepts as the same event (so a line it declines
 * is judged, and its error worded, by the general decoder alone).
 */
class CanonicalLineTest {
    private static final long SEED = 20261205L;
    private static final String[] KEYS = {"blocked", "promoted", "a_b-C9", "deficit:0", "ü", "x y", ""};
    private static final String[] CLIENTS = {"client-0", "c", "tenant 7/a", "ü", "say \"hi\"", "back\\slash", "tab\t",
            "~!@#$%^&*()"};

    @Test
    void everyCanonicalLineTakesTheFastPathAndDecodesAsTheGeneralDecoderDoes() throws Exception {
        Random rnd = new Random(SEED);
        int[] fast = new int[3];
        for (int n = 0; n < 12_000; n++) {
            TraceEvent event = randomEvent(rnd);
            byte[] line = TraceWriter.line(event).getBytes(StandardCharsets.UTF_8);
            TraceEvent general = new LineDecoder().decodeGeneral(line, 0, line.length);
            assertThat(general).as("seed %d, event %d: the general decoder reads what the writer wrote", SEED, n)
                    .isEqualTo(event);
            TraceEvent quick = new CanonicalLine().parse(line, 0, line.length);
            if (plain(event, line)) {
                assertThat(quick).as("seed %d, event %d: %s", SEED, n, new String(line, StandardCharsets.UTF_8))
                        .isEqualTo(general);
                fast[kind(event)]++;
            } else if (quick != null) {
                assertThat(quick).isEqualTo(general);
            }
        }
        assertThat(java.util.Arrays.stream(fast).min().getAsInt()).as("fewest of steps, arrivals, completions that took the fast path: %s", java.util.Arrays.toString(fast)).isGreaterThan(1_000);
    }

    @Test
    void whateverTheFastPathAcceptsOfADamagedLineTheGeneralDecoderReadsAlike() {
        Random rnd = new Random(SEED + 1);
        // digits most often: damage that leaves a valid line (a number changed) must decode alike too
        String alphabet = "01234567890123456789-,:[]{}\" .eEtruefalsn\\\r";
        int[] accepted = new int[3];
        for (int n = 0; n < 36_000; n++) {
            StringBuilder b = new StringBuilder(TraceWriter.line(randomEvent(rnd)));
            int edits = 1 + rnd.nextInt(2);
            for (int e = 0; e < edits; e++) {
                int at = rnd.nextInt(b.length() + 1);
                switch (rnd.nextInt(3)) {
                    case 0 -> { if (at < b.length()) b.deleteCharAt(at); }
                    case 1 -> b.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    default -> { if (at < b.length()) b.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length()))); }
                }
            }
            byte[] line = b.toString().getBytes(StandardCharsets.UTF_8);
            TraceEvent quick = new CanonicalLine().parse(line, 0, line.length);
            if (quick == null) continue;
            accepted[kind(quick)]++;
            try {
                TraceEvent general = new LineDecoder().decodeGeneral(line, 0, line.length);
                assertThat(quick).as("seed %d, line %d: %s", SEED + 1, n, b).isEqualTo(general);
                TraceRules.check(general); // the fast path skips the line rules: it must take only lines that keep them
            } catch (Exception ex) {
                fail("seed %d, line %d: the fast path accepts %s but the general decoder says %s", SEED + 1, n, b, ex);
            }
        }
        // damage that keeps a valid line (a digit changed, a slice or a segment dropped) is common: both must agree
        assertThat(java.util.Arrays.stream(accepted).min().getAsInt()).as("fewest damaged steps, arrivals, completions accepted: %s", java.util.Arrays.toString(accepted)).isGreaterThan(100);
    }

    @Test
    void aLineReadToItsNewlineDecodesAsTheLineAloneAndACutLineIsDeclined() {
        Random rnd = new Random(SEED + 2);
        String alphabet = "0123456789-,:[]{}\" .e\r\n";
        int[] taken = new int[3];
        for (int n = 0; n < 12_000; n++) {
            StringBuilder b = new StringBuilder(TraceWriter.line(randomEvent(rnd)));
            if (rnd.nextInt(3) == 0) { // damaged, a newline or a carriage return among the damage
                int at = rnd.nextInt(b.length());
                b.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String line = b.toString();
            String before = rnd.nextBoolean() ? "" : TraceWriter.line(randomEvent(rnd)) + "\n";
            String after = rnd.nextBoolean() ? "" : TraceWriter.line(randomEvent(rnd)) + (rnd.nextBoolean() ? "\n" : "");
            byte[] buf = (before + line + "\n" + after).getBytes(StandardCharsets.UTF_8);
            int off = before.getBytes(StandardCharsets.UTF_8).length;
            int nl = off + line.getBytes(StandardCharsets.UTF_8).length;
            // the line alone is what the reader decodes once it found the line's first newline
            int firstNewline = off;
            while (buf[firstNewline] != '\n') firstNewline++;
            TraceEvent alone = new CanonicalLine().parse(buf, off, firstNewline - off);
            CanonicalLine reader = new CanonicalLine();
            TraceEvent read = reader.parseLine(buf, off, buf.length);
            assertThat(read).as("seed %d, line %d: %s", SEED + 2, n, line).isEqualTo(alone);
            if (read == null) continue;
            taken[kind(read)]++;
            assertThat(reader.newline()).as("seed %d, line %d: where it ends", SEED + 2, n).isEqualTo(firstNewline);
            // the same line without its newline (the buffer holds only its start) is never taken
            int cut = off + rnd.nextInt(nl - off + 1);
            assertThat(new CanonicalLine().parseLine(buf, off, Math.min(cut, firstNewline)))
                    .as("seed %d, line %d cut at %d", SEED + 2, n, cut).isNull();
        }
        assertThat(java.util.Arrays.stream(taken).min().getAsInt()).as("fewest steps, arrivals, completions read to their newline: %s", java.util.Arrays.toString(taken)).isGreaterThan(500);
    }

    private static int kind(TraceEvent e) {
        return e instanceof TraceEvent.Step ? 0 : e instanceof TraceEvent.Arrival ? 1 : 2;
    }

    /** Whether the fast path must take the writer's line of {@code event}. */
    private static boolean plain(TraceEvent event, byte[] line) {
        if (event instanceof TraceEvent.Step s) {
            return s.violations().isEmpty() && s.witness().keySet().stream().allMatch(k -> k.matches("[A-Za-z0-9_-]+"))
                    && s.witness().values().stream().allMatch(v -> v >= 0) && !hasLong19(line);
        }
        if (event instanceof TraceEvent.Arrival a) {
            return a.request().client().matches("[\\x20-\\x7e&&[^\"\\\\]]+") && a.timeUs() < 1_000_000_000_000_000_000L
                    && a.request().id() < 1_000_000_000_000_000_000L && a.request().arrivalUs() < 1_000_000_000_000_000_000L;
        }
        TraceEvent.Completion c = (TraceEvent.Completion) event;
        return c.timeUs() < 1_000_000_000_000_000_000L && c.requestId() < 1_000_000_000_000_000_000L;
    }

    static TraceEvent randomEvent(Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> randomStep(rnd);
            case 1 -> randomArrival(rnd);
            default -> new TraceEvent.Completion(id(rnd), id(rnd), positive(rnd), rnd.nextInt(4) == 0 ? positive(rnd) : 0);
        };
    }

    private static TraceEvent.Arrival randomArrival(Random rnd) {
        int segments = 1 + rnd.nextInt(rnd.nextInt(5) == 0 ? 40 : 4);
        long[] keys = new long[segments];
        int[] ends = new int[segments];
        int end = 0;
        for (int k = 0; k < segments; k++) {
            keys[k] = switch (rnd.nextInt(8)) {
                case 0 -> Long.MIN_VALUE + rnd.nextInt(2);
                case 1 -> Long.MAX_VALUE - rnd.nextInt(2);
                case 2 -> rnd.nextInt(3) - 1;
                default -> rnd.nextLong();
            };
            end += rnd.nextInt(30) == 0 ? (Integer.MAX_VALUE - end) / 2 + 1 : 1 + rnd.nextInt(600);
            ends[k] = end;
        }
        long arrival = rnd.nextInt(4) == 0 ? 0 : id(rnd);
        long time = arrival + (rnd.nextBoolean() ? 0 : rnd.nextInt(1_000));
        if (time < arrival) time = arrival;
        Request r = new Request(id(rnd), CLIENTS[rnd.nextInt(CLIENTS.length)] + (rnd.nextBoolean() ? "" : rnd.nextInt(99)),
                arrival, new Prompt(keys, ends), positive(rnd));
        return new TraceEvent.Arrival(time, r);
    }

    private static boolean hasLong19(byte[] line) {
        int run = 0;
        for (byte c : line) {
            run = c >= '0' && c <= '9' ? run + 1 : 0;
            if (run > 18) return true;
        }
        return false;
    }

    private static long id(Random rnd) {
        return switch (rnd.nextInt(60)) {
            case 0 -> Long.MAX_VALUE - rnd.nextInt(3);
            case 1, 2 -> 0;
            case 3 -> 999_999_999_999_999_999L + rnd.nextInt(2); // 18 and 19 digits
            default -> rnd.nextInt(20_000);
        };
    }

    private static int positive(Random rnd) {
        return rnd.nextInt(10) == 0 ? Integer.MAX_VALUE - rnd.nextInt(2) : 1 + rnd.nextInt(600);
    }

    static TraceEvent.Step randomStep(Random rnd) {
        long index = rnd.nextInt(5) == 0 ? id(rnd) : rnd.nextInt(400_000);
        List<Long> preempted = ids(rnd, rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 0);
        List<Long> offloaded = ids(rnd, rnd.nextInt(6) == 0 ? 1 + rnd.nextInt(2) : 0);
        List<Long> prefetched = ids(rnd, rnd.nextInt(6) == 0 ? 1 + rnd.nextInt(2) : 0);
        List<Slice> slices = new ArrayList<>();
        for (int k = rnd.nextInt(12); k > 0; k--) slices.add(new Slice(id(rnd), rnd.nextInt(3) == 0 ? 0 : positive(rnd), positive(rnd)));
        boolean rejected = rnd.nextInt(10) == 0;
        List<TraceEvent.Hit> hits = new ArrayList<>();
        List<TraceEvent.Emit> emitted = new ArrayList<>();
        List<Long> finished = List.of();
        int evicted = 0;
        if (!rejected) {
            for (int k = rnd.nextInt(3) == 0 ? rnd.nextInt(3) : 0; k > 0; k--) hits.add(new TraceEvent.Hit(id(rnd), positive(rnd)));
            for (int k = rnd.nextInt(10); k > 0; k--) {
                emitted.add(new TraceEvent.Emit(id(rnd), rnd.nextBoolean() ? -1 : rnd.nextInt(3) == 0 ? Integer.MAX_VALUE : rnd.nextInt(32_000)));
            }
            finished = ids(rnd, rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(2) : 0);
            evicted = rnd.nextInt(4) == 0 ? positive(rnd) : 0;
        }
        List<Violation> violations = new ArrayList<>();
        if (rnd.nextInt(15) == 0) violations.add(new Violation("SAFE-BUDGET", index, rnd.nextBoolean() ? -1 : id(rnd), "over \"budget\""));
        Map<String, Long> witness = new HashMap<>();
        for (int k = rnd.nextInt(4); k > 0; k--) {
            String key = KEYS[rnd.nextInt(KEYS.length)] + (rnd.nextBoolean() ? "" : Integer.toString(rnd.nextInt(9)));
            witness.put(key, rnd.nextInt(6) == 0 ? -1L - rnd.nextInt(5) : id(rnd));
        }
        return new TraceEvent.Step(index, rnd.nextInt(5) == 0 ? 0 : id(rnd), rnd.nextInt(100_000), preempted, offloaded,
                prefetched, slices, rejected, hits, evicted, emitted, finished, rnd.nextInt(5) == 0 ? positive(rnd) : 0,
                violations, witness);
    }

    private static List<Long> ids(Random rnd, int n) {
        List<Long> out = new ArrayList<>();
        for (int k = 0; k < n; k++) out.add(id(rnd));
        return out;
    }
}
