package org.schedproof.conformance.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.schedproof.conformance.fuzz.gen.Generators;
import org.schedproof.spec.PromptTokens;

/**
 * A fuzz campaign: cases {@code k = i, i + n, i + 2n, ...} of shard {@code i/n} of seed {@code S}, case {@code k}
 * drawn from seed {@link #caseSeed(long, long) caseSeed(S, k)}, so that any machine re-runs any shard exactly and the
 * shards of one seed never overlap. Stops after {@code cases} cases of this shard or after {@code time}, whichever comes
 * first. Each failure is shrunk and saved under {@code out/failures/ID/} ({@link SavedCase}), one per failing
 * invariant (later cases failing the same way are counted, as Hypothesis keeps one example per distinct failure);
 * cases already saved there are re-run first.
 */
public final class Campaign {
    /** What to run. {@code cases} 0: no case limit; {@code time} null: no time limit (one of them must be set). */
    public record Settings(Target target, Oracles oracles, long seed, long cases, Duration time, int shard, int shards,
                           int maxRequests, Path out, int shrinkRuns) {
        public Settings {
            if (shards < 1 || shard < 0 || shard >= shards) {
                throw new IllegalArgumentException("shard must be i/n with 0 <= i < n, was " + shard + "/" + shards);
            }
            if (cases <= 0 && time == null) throw new IllegalArgumentException("give a number of cases or a time limit");
            if (maxRequests < 1) throw new IllegalArgumentException("max requests must be >= 1, was " + maxRequests);
        }
    }

    /** A failure found and saved: its id, the case, requests before and after shrinking, the shrink's cost. */
    public record Found(String id, String failure, long caseNumber, long caseSeed, String recipe, int requestsBefore,
                        int requestsAfter, int shrinkRuns, double shrinkSeconds, Path dir, Verdict verdict) {}

    /** A saved case re-run at the start: whether it still fails, and whether its trace came out byte for byte. */
    public record Replayed(Path dir, String failure, boolean stillFails, boolean sameTrace) {}

    /** Progress so far, given to the listener after each case. */
    public record Progress(long cases, long failingCases, int distinctFailures, double seconds, Settings settings) {
        public double casesPerSecond() {
            return seconds > 0 ? cases / seconds : 0;
        }
    }

    /** Told of progress and of each failure saved. */
    public interface Listener {
        default void progress(Progress p) {}

        default void found(Found f) {}

        default void replayed(Replayed r) {}
    }

    /** The campaign's outcome: counts per failing invariant, the failures saved, the saved cases re-run. */
    public record Result(Settings settings, long cases, long failingCases, double seconds, Map<String, Long> failureCounts,
                         List<Found> found, List<Replayed> replayed) {
        public double casesPerSecond() {
            return seconds > 0 ? cases / seconds : 0;
        }

        /** The case number (1-based, within this shard) of the first failing case, or 0. */
        public long firstFailure() {
            return found.stream().mapToLong(Found::caseNumber).min().orElse(0);
        }
    }

    private static final long PHI = 0x9E3779B97F4A7C15L;

    private Campaign() {}

    /** The seed of case {@code k} of campaign seed {@code seed}. */
    public static long caseSeed(long seed, long k) {
        return PromptTokens.mix64(seed * PHI + PromptTokens.mix64(k + PHI));
    }

    /** The case {@code k} of a campaign. */
    public static FuzzCase generate(long seed, long k, int maxRequests) {
        return Generators.generate(caseSeed(seed, k), maxRequests);
    }

    public static Result run(Settings s, Listener listener) throws IOException {
        return run(s, listener, false);
    }

    /** With {@code stopAtFirst}: ends after the first failing case is shrunk (the measurements of the gallery). */
    public static Result run(Settings s, Listener listener, boolean stopAtFirst) throws IOException {
        CaseRunner runner = new CaseRunner(s.target(), s.oracles());
        List<Replayed> replayed = s.out() == null ? List.of() : replaySaved(s.out(), listener);
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Found> found = new ArrayList<>();
        for (Replayed r : replayed) {
            if (r.stillFails() && r.failure() != null) counts.putIfAbsent(r.failure(), 0L);
        }
        long start = System.nanoTime();
        long deadline = s.time() == null ? Long.MAX_VALUE : start + s.time().toNanos();
        long n = 0;
        long failing = 0;
        for (long k = s.shard(); (s.cases() <= 0 || n < s.cases()) && System.nanoTime() < deadline; k += s.shards()) {
            long seed = caseSeed(s.seed(), k);
            FuzzCase c = Generators.generate(seed, s.maxRequests());
            c = c.with(c.workload(), s.target().adapt(c.config(), c.workload()));
            n++;
            Verdict v = runner.run(c).verdict();
            if (!v.passed()) {
                failing++;
                String id = v.primary();
                if (!counts.containsKey(id)) {
                    Found f = shrinkAndSave(runner, c, v, n, s);
                    found.add(f);
                    listener.found(f);
                }
                for (String x : v.ids()) counts.merge(x, 1L, Long::sum);
            }
            listener.progress(new Progress(n, failing, counts.size(), seconds(start), s));
            if (stopAtFirst && failing > 0) break;
        }
        Result r = new Result(s, n, failing, seconds(start), counts, found, replayed);
        if (s.out() != null) Summary.of(r).write(s.out().resolve(Summary.FILE));
        return r;
    }

    /** Shrinks a failing case keeping its first failure, saves it (when the campaign has an out dir). */
    static Found shrinkAndSave(CaseRunner runner, FuzzCase c, Verdict v, long caseNumber, Settings s) throws IOException {
        String id = v.primary();
        String name = id.toLowerCase() + "-" + String.format("%016x", c.seed());
        Path dir = s.out() == null ? null : s.out().resolve("failures").resolve(name);
        String origin = c.generator() + " v" + c.version() + " seed " + String.format("%016x", c.seed()) + " (campaign seed "
                + s.seed() + ", case " + caseNumber + " of shard " + s.shard() + "/" + s.shards() + "; " + c.recipe() + ")";
        Minimize.Result m = Minimize.run(runner, c.workload(), c.config(), runner.target().params(c), id, s.shrinkRuns(),
                dir, name, origin);
        return new Found(name, id, caseNumber, c.seed(), c.recipe(), c.workload().size(), m.workload().size(), m.runs(),
                m.seconds(), dir, m.run().verdict());
    }

    /** Re-runs every case saved under {@code out/failures}, in name order. */
    static List<Replayed> replaySaved(Path out, Listener listener) throws IOException {
        Path failures = out.resolve("failures");
        if (!Files.isDirectory(failures)) return List.of();
        List<Path> dirs;
        try (Stream<Path> st = Files.list(failures)) {
            dirs = st.filter(d -> Files.isRegularFile(d.resolve(SavedCase.CASE))).sorted().toList();
        }
        List<Replayed> out2 = new ArrayList<>();
        for (Path d : dirs) {
            Replay.Outcome o = Replay.run(d);
            Replayed r = new Replayed(d, o.saved().failure(), o.run().verdict().has(o.saved().failure()), o.sameTrace());
            out2.add(r);
            listener.replayed(r);
        }
        return out2;
    }

    private static double seconds(long from) {
        return (System.nanoTime() - from) / 1e9;
    }
}
