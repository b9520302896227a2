package org.schedproof.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.schedproof.conformance.fuzz.Campaign;
import org.schedproof.conformance.fuzz.Oracles;
import org.schedproof.conformance.fuzz.Summary;
import org.schedproof.conformance.fuzz.gen.Generators;
import org.schedproof.conformance.fuzz.hunt.BoundHunt;
import org.schedproof.conformance.mutants.Gallery;
import org.schedproof.conformance.mutants.Mutant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code schedproof fuzz}: a seeded, shardable campaign of random workloads against every oracle (conformance-tests/README.md). */
@Command(name = "fuzz", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs random small workloads (seeded: a case is (generator, version, seed)) against a policy, the "
                + "optimized engine, a mutant or a port, judges each with every applicable checker, the differential "
                + "and the engine's rejections, shrinks each failure to a minimal case and saves it under "
                + "OUT/failures/ID (replay it with 'schedproof replay'). Saved failures in OUT are re-run first.",
                "Exit status: 0 nothing failed, 1 a failure was found (or a saved one still fails), 2 bad usage.",
                "Examples:",
                "  schedproof fuzz --policy dlpm --time 1m",
                "  schedproof fuzz --mutant dlpm-forgives-debt --cases 2000 --out out/fuzz-mutant",
                "  schedproof fuzz --policy vtc --param lift=paper --shard 3/8 --seed 42 --time 10m --out shard3",
                "  schedproof fuzz --policy fcfs --port -- python3 ports/python/fcfs_sarathi.py --cases 200",
                "  schedproof fuzz --policy dlpm --objective gap --time 2m",
                "  schedproof fuzz --merge shard0 --merge shard1 --out merged"})
final class FuzzCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FuzzTarget target;

    @Option(names = "--seed", defaultValue = "1", description = "Campaign seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--cases", paramLabel = "N", description = "Stop after N cases (of this shard).")
    Long cases;

    @Option(names = "--time", paramLabel = "DURATION", description = "Stop after this long: 90s, 10m, 2h (default 1m "
            + "when --cases is not given).")
    String time;

    @Option(names = "--shard", defaultValue = "0/1", paramLabel = "i/n",
            description = "Run cases i, i+n, i+2n, ... of the seed (0 <= i < n), so n machines share a campaign. "
                    + "Default: ${DEFAULT-VALUE}.")
    String shard;

    @Option(names = "--out", defaultValue = "out/fuzz", paramLabel = "DIR",
            description = "Where failures (DIR/failures/ID) and summary.json go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--oracles", defaultValue = "all", paramLabel = "all|L1|L2|L3",
            description = "Which verdicts fail a case: a certification level (L1 safety, liveness, batching; L2 + "
                    + "fairness and order; L3 + the differential) or all. Default: ${DEFAULT-VALUE}.")
    String oracles;

    @Option(names = "--max-requests", defaultValue = "20", paramLabel = "N",
            description = "Requests per case at most (each case draws 1..N). Default: ${DEFAULT-VALUE}.")
    int maxRequests;

    @Option(names = "--shrink-runs", defaultValue = "3000", paramLabel = "N",
            description = "Runs a shrink may spend on one failure. Default: ${DEFAULT-VALUE}.")
    int shrinkRuns;

    @Option(names = "--objective", paramLabel = "gap",
            description = "Instead of failures, search for workloads maximising observed bound / proved bound "
                    + "(gap: VTC's and DLPM's service gap, LTR's starvation bound); saves the best to OUT/best.")
    String objective;

    @Option(names = "--merge", paramLabel = "DIR",
            description = "Merge the summary.json of shard out dirs (repeatable) into OUT/summary.json and print it.")
    List<Path> merge = new ArrayList<>();

    @Option(names = "--list", description = "List the mutants of the gallery and the generators, then exit.")
    boolean list;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            out.println("mutants (--mutant NAME):");
            for (Mutant m : Gallery.all()) out.printf("  %-34s %s%n", m.name(), m.bug());
            out.println("generators (" + Generators.NAME + " v" + Generators.VERSION + "; one part of each drawn per case):");
            Generators.space().forEach((k, v) -> out.printf("  %-9s %s%n", k, String.join(", ", v)));
            out.flush();
            return 0;
        }
        if (!merge.isEmpty()) {
            List<Summary> parts = new ArrayList<>();
            for (Path d : merge) parts.add(Summary.read(d.resolve(Summary.FILE)));
            Summary m = Summary.merge(parts);
            m.write(this.out.resolve(Summary.FILE));
            out.print(m.text());
            out.flush();
            return m.failures().isEmpty() ? 0 : 1;
        }
        int[] sh = shard(shard);
        Duration limit = time != null ? duration(time) : cases == null ? Duration.ofMinutes(1) : null;
        if (objective != null) {
            if (!objective.equals("gap")) throw new IllegalArgumentException("--objective: only 'gap' is known, got '" + objective + "'");
            BoundHunt.Result hunt = BoundHunt.run(target.target(), seed, cases == null ? 0 : cases, limit, maxRequests,
                    this.out, new PrintWriter(System.err, true));
            out.print(hunt.text());
            out.flush();
            return hunt.best().ratio() > 1 ? 1 : 0;
        }
        var settings = new Campaign.Settings(target.target(), Oracles.parse(oracles), seed, cases == null ? 0 : cases,
                limit, sh[0], sh[1], maxRequests, this.out, shrinkRuns);
        PrintStream err = System.err;
        out.println("fuzzing " + settings.target().describe() + ", oracles " + settings.oracles() + ", seed " + seed
                + ", shard " + sh[0] + "/" + sh[1] + ", at most " + maxRequests + " requests per case");
        out.flush();
        Campaign.Result r;
        try (ProgressLine bar = new ProgressLine(err, settings)) {
            r = Campaign.run(settings, bar);
        }
        out.println();
        for (Campaign.Replayed x : r.replayed()) {
            out.printf("saved %s: %s%s%n", x.dir(), x.stillFails() ? "still fails " + x.failure() : "passes now",
                    x.sameTrace() ? ", trace byte for byte" : ", trace differs from the saved one");
        }
        for (Campaign.Found f : r.found()) {
            out.printf("FAIL %s at case %d (%s): shrunk %d -> %d requests in %d runs (%.1f s), saved %s%n", f.failure(),
                    f.caseNumber(), f.recipe(), f.requestsBefore(), f.requestsAfter(), f.shrinkRuns(), f.shrinkSeconds(),
                    f.dir());
            if (f.dir() != null) out.println("  replay: schedproof replay " + f.dir());
        }
        out.print(Summary.of(r).text());
        out.printf(Locale.ROOT, "%s cases/s; summary in %s%n", ProgressLine.rate(r.casesPerSecond()), this.out.resolve(Summary.FILE));
        out.flush();
        boolean failed = !r.failureCounts().isEmpty() || r.replayed().stream().anyMatch(Campaign.Replayed::stillFails);
        return failed ? 1 : 0;
    }

    static int[] shard(String s) {
        Matcher m = Pattern.compile("(\\d+)/(\\d+)").matcher(s.trim());
        if (!m.matches()) throw new IllegalArgumentException("--shard: expected i/n such as 0/4, got '" + s + "'");
        int i = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1 || i >= n) throw new IllegalArgumentException("--shard " + s + ": need 0 <= i < n");
        return new int[] {i, n};
    }

    /** {@code 90s}, {@code 10m}, {@code 2h}, or plain seconds. */
    static Duration duration(String s) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([smh]?)").matcher(s.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("--time: expected a duration such as 90s, 10m or 2h, got '" + s + "'");
        double v = Double.parseDouble(m.group(1));
        double secs = switch (m.group(2)) {
            case "m" -> v * 60;
            case "h" -> v * 3600;
            default -> v;
        };
        return Duration.ofMillis(Math.round(secs * 1000));
    }
}
