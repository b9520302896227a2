package org.schedproof.conformance.fuzz;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A campaign's summary, {@code OUT/summary.json}: what was fuzzed, which shards of which seed, how many cases, how fast,
 * and per failing invariant how many cases failed it and where its shrunk case is saved. Shards run on different
 * machines each write one; {@link #merge} adds them up into one (the CI matrix's last job).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Summary(String target, String oracles, long seed, List<String> shards, long cases, long failingCases,
                      double seconds, Map<String, Failure> failures) {
    public static final String FILE = "summary.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** One failing invariant: cases that failed it, and the saved shrunk cases (paths relative to the out dir). */
    public record Failure(long cases, List<String> saved) {}

    public static Summary of(Campaign.Result r) {
        Campaign.Settings s = r.settings();
        Map<String, Failure> f = new TreeMap<>();
        r.failureCounts().forEach((id, n) -> f.put(id, new Failure(n, new ArrayList<>())));
        for (Campaign.Found x : r.found()) {
            if (x.dir() != null) f.get(x.failure()).saved().add("failures/" + x.dir().getFileName());
        }
        for (Campaign.Replayed x : r.replayed()) {
            if (x.stillFails() && f.containsKey(x.failure())) f.get(x.failure()).saved().add("failures/" + x.dir().getFileName());
        }
        return new Summary(s.target().describe(), s.oracles().toString(), s.seed(),
                List.of(s.shard() + "/" + s.shards()), r.cases(), r.failingCases(), r.seconds(), f);
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JSON.writeValueAsString(this) + "\n");
    }

    public static Summary read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), Summary.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a fuzz summary: " + e.getMessage(), e);
        }
    }

    /**
     * The shards' summaries as one: cases and failures added up. All must fuzz the same target with the same oracles
     * and seed, and no shard may appear twice.
     */
    public static Summary merge(List<Summary> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("nothing to merge");
        Summary first = parts.get(0);
        TreeSet<String> shards = new TreeSet<>();
        long cases = 0;
        long failing = 0;
        double seconds = 0;
        Map<String, Failure> f = new TreeMap<>();
        for (Summary p : parts) {
            if (!p.target.equals(first.target) || !p.oracles.equals(first.oracles) || p.seed != first.seed) {
                throw new IllegalArgumentException("cannot merge campaigns of different targets, oracles or seeds: '"
                        + first.target + "' seed " + first.seed + " and '" + p.target + "' seed " + p.seed);
            }
            for (String sh : p.shards) {
                if (!shards.add(sh)) throw new IllegalArgumentException("shard " + sh + " appears twice");
            }
            cases += p.cases;
            failing += p.failingCases;
            seconds = Math.max(seconds, p.seconds);
            p.failures.forEach((id, x) -> f.merge(id, x, (a, b) -> {
                List<String> saved = new ArrayList<>(a.saved());
                saved.addAll(b.saved());
                return new Failure(a.cases() + b.cases(), saved);
            }));
        }
        return new Summary(first.target, first.oracles, first.seed, List.copyOf(shards), cases, failing, seconds, f);
    }

    /** A few lines for people. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(target).append(", oracles ").append(oracles).append(", seed ").append(seed).append(", shards ")
                .append(shards).append('\n').append(cases).append(" cases in ").append(String.format("%.1f", seconds))
                .append(" s, ").append(failingCases).append(" failing\n");
        failures.forEach((id, x) -> b.append("  ").append(id).append(": ").append(x.cases()).append(" cases")
                .append(x.saved().isEmpty() ? "" : ", saved " + String.join(", ", x.saved())).append('\n'));
        return b.toString();
    }
}
