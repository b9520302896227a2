package org.schedproof.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What a PATH given to {@code schedproof report} is, by what it holds. */
public final class Inputs {
    /** The kinds of input the report knows. */
    public enum Kind {
        /** a trace file (.jsonl or .jsonl.gz) */
        TRACE,
        /** simulate's output: DIR/trace.jsonl */
        RUN,
        /** simulate --workers: DIR/worker-0.jsonl ... */
        CLUSTER,
        /** compare --out: DIR/RUN/trace.jsonl per run */
        COMPARE,
        /** certify's output: DIR/certificate.json */
        CERTIFY,
        /** fuzz's output, DIR/failures/ID/, or one saved case DIR/case.json */
        FUZZ
    }

    /** One input: its kind and the files the report reads. */
    public record Input(Path path, Kind kind, List<Path> traces) {}

    private static final Pattern WORKER = Pattern.compile("worker-(\\d+)\\.jsonl(\\.gz)?");

    private Inputs() {}

    /** Classifies {@code path}; a path that is none of the kinds gets a message naming what was looked for. */
    public static Input classify(Path path) throws IOException {
        if (!Files.exists(path)) throw new IllegalArgumentException(path + ": no such file or directory");
        if (Files.isRegularFile(path)) return new Input(path, Kind.TRACE, List.of(path));
        if (Files.isRegularFile(path.resolve("certificate.json"))) return new Input(path, Kind.CERTIFY, List.of());
        if (Files.isDirectory(path.resolve("failures")) || Files.isRegularFile(path.resolve("case.json"))) {
            return new Input(path, Kind.FUZZ, List.of());
        }
        Path trace = trace(path);
        if (trace != null) return new Input(path, Kind.RUN, List.of(trace));
        List<Path> workers = workers(path);
        if (!workers.isEmpty()) return new Input(path, Kind.CLUSTER, workers);
        List<Path> runs = new ArrayList<>();
        try (Stream<Path> s = Files.list(path)) {
            for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                Path t = trace(d);
                if (t != null) runs.add(t);
            }
        }
        if (!runs.isEmpty()) return new Input(path, Kind.COMPARE, runs);
        throw new IllegalArgumentException(path + ": not a trace or an output directory of simulate, compare, certify "
                + "or fuzz (looked for trace.jsonl, worker-N.jsonl, RUN/trace.jsonl, certificate.json, failures/)");
    }

    private static Path trace(Path dir) {
        for (String name : List.of("trace.jsonl", "trace.jsonl.gz")) {
            if (Files.isRegularFile(dir.resolve(name))) return dir.resolve(name);
        }
        return null;
    }

    private static List<Path> workers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> WORKER.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(Inputs::workerIndex)).toList();
        }
    }

    static int workerIndex(Path p) {
        Matcher m = WORKER.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
