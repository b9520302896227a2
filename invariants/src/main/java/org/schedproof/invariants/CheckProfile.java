package org.schedproof.invariants;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.schedproof.spec.trace.TraceReader;

/**
 * Where the time of {@code schedproof check} goes (a benchmark, never a verdict): one pass per layer over the same
 * file, each timed in wall and process CPU time (single-threaded but the last): bytes only (decompression and IO), JSON tokens only (line
 * splitting and Jackson's tokenizer, numbers decoded), the whole {@link TraceReader} (parse, event objects, format
 * rules), then the reader feeding every checker with each checker timed alone (the per-checker cost; the shared
 * {@link Replay} is timed as its own row), and the whole check as {@code schedproof check} runs it.
 */
public final class CheckProfile {
    private CheckProfile() {}

    /** One timed layer: wall and CPU nanoseconds (CPU of the whole process). */
    public record Phase(String name, long wallNs, long cpuNs) {}

    /** The layers, the per-checker cost of feeding them (nanoseconds inside each accept), and the bytes read. */
    public record Result(long bytes, long lines, List<Phase> phases, Map<String, Long> checkerNs) {
        public Result {
            phases = List.copyOf(phases);
            checkerNs = Map.copyOf(checkerNs);
        }
    }

    /** CPU time of the whole process (every thread: checkers, collector, compiler). */
    private static long cpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** Profiles {@code trace} (gzip or plain); the whole check is also timed as {@link TraceCheck#run(Path)} does it. */
    public static Result run(Path trace) throws IOException {
        List<Phase> phases = new ArrayList<>();
        long[] counts = new long[2];
        phases.add(time("bytes (decompression, IO)", () -> bytes(trace, counts)));
        phases.add(time("JSON tokens (split lines, tokenize, decode numbers)", () -> tokens(trace)));
        phases.add(time("TraceReader (parse, build events, format rules)", () -> {
            try (TraceReader r = TraceReader.open(trace)) {
                while (r.hasNext()) r.next();
            }
        }));
        Map<String, Long> ns = new LinkedHashMap<>();
        phases.add(time("reader + every checker, each timed (one thread)", () -> {
            try (TraceReader r = TraceReader.open(trace)) {
                TraceCheck.Online online = new TraceCheck.Online(Checkers.all(), true);
                while (r.hasNext()) online.accept(r.next());
                online.report();
                ns.putAll(online.nanos());
            }
        }));
        phases.add(time("TraceCheck.run (what check runs: reader || checkers)", () -> TraceCheck.run(trace)));
        return new Result(counts[0], counts[1], phases, ns);
    }

    private interface Body {
        void run() throws IOException;
    }

    private static Phase time(String name, Body body) throws IOException {
        long w = System.nanoTime();
        long c = cpu();
        body.run();
        return new Phase(name, System.nanoTime() - w, cpu() - c);
    }

    private static InputStream open(Path trace) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(trace), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static void bytes(Path trace, long[] counts) throws IOException {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = open(trace)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                counts[0] += n;
                for (int i = 0; i < n; i++) if (buf[i] == '\n') counts[1]++;
            }
        }
    }

    /** Tokenizes line by line as the reader does (one parser per line), decoding every integer. */
    private static void tokens(Path trace) throws IOException {
        JsonFactory json = new JsonFactory();
        byte[] buf = new byte[1 << 16];
        byte[] line = new byte[1 << 12];
        int len = 0;
        long sink = 0;
        try (InputStream in = open(trace)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') continue;
                    int part = i - from;
                    if (len + part > line.length) line = java.util.Arrays.copyOf(line, 2 * (len + part));
                    System.arraycopy(buf, from, line, len, part);
                    len += part;
                    sink += tokenize(json, line, len);
                    len = 0;
                    from = i + 1;
                }
                int part = n - from;
                if (len + part > line.length) line = java.util.Arrays.copyOf(line, 2 * (len + part));
                System.arraycopy(buf, from, line, len, part);
                len += part;
            }
        }
        if (sink == 42) System.out.print(""); // keeps the decoded numbers live
    }

    private static long tokenize(JsonFactory json, byte[] line, int len) throws IOException {
        long sum = 0;
        try (JsonParser p = json.createParser(line, 0, len)) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t == JsonToken.VALUE_NUMBER_INT) sum += p.getLongValue();
            }
        }
        return sum;
    }
}
