package org.schedproof.conformance.fuzz.hunt;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.schedproof.conformance.fuzz.Campaign;
import org.schedproof.conformance.fuzz.CaseRunner;
import org.schedproof.conformance.fuzz.FuzzCase;
import org.schedproof.conformance.fuzz.Oracles;
import org.schedproof.conformance.fuzz.SavedCase;
import org.schedproof.conformance.fuzz.Target;
import org.schedproof.conformance.fuzz.Verdict;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.gpu.core.FastEngine;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * Bound hunting ({@code schedproof fuzz --objective gap}): an evolutionary search for workloads on which a policy
 * comes closest to its proved bound ({@link GapMeter}: observed / bound). It seeds a population with the fuzzer's
 * cases over several case sizes (the generator's parameters), then repeatedly mutates the best ones (more load from one
 * client, longer prompts or outputs, bursts, more clients, a tighter engine) and keeps a child that does not do worse.
 * It reports the best ratio and saves that workload as a replayable case. A ratio above 1 is a finding (the bound
 * does not hold; the checkers' verdict is printed with it), never a reason to loosen the bound.
 */
public final class BoundHunt {
    private BoundHunt() {}

    /** The best workload found, its ratio and the search's cost. */
    public record Result(String target, GapMeter.Best best, long evaluations, double seconds, Path saved, Verdict verdict,
                         int requests) {
        public String text() {
            return String.format(Locale.ROOT, "bound hunt on %s: best observed/bound = %.3f (%d / %d, %s)%n"
                            + "%d workloads in %.1f s; best has %d requests%s%s%n", target, best.ratio(), best.observed(),
                    best.bound(), best.where(), evaluations, seconds, requests,
                    saved == null ? "" : "; saved " + saved + " (schedproof replay " + saved + ")",
                    best.ratio() > 1 ? "\nFINDING: the bound is exceeded; the checkers say: " + verdict : "");
        }
    }

    private record Scored(Workload w, EngineConfig c, Map<String, String> params, GapMeter.Best best) {}

    static final int POPULATION = 8;
    /** Fuzz cases scored before the search mutates (a quarter of a case budget, at most this many). */
    static final long SEEDED = 200;
    static final int[] SIZES = {8, 20, 40, 80};

    /** Searches for {@code time} (or {@code cases} workloads); saves the best under {@code out/best} when out is set. */
    public static Result run(Target target, long seed, long cases, Duration time, int maxRequests, Path out,
                             PrintWriter progress) throws IOException {
        if (target.kind() == Target.Kind.PORT) throw new IllegalArgumentException("bound hunting runs in process: not a port");
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, ~seed});
        long t0 = System.nanoTime();
        long deadline = time == null ? Long.MAX_VALUE : t0 + time.toNanos();
        long budget = cases > 0 ? cases : Long.MAX_VALUE;
        List<Scored> pop = new ArrayList<>();
        long evals = 0;
        long seeds = Math.min(SEEDED, Math.max(POPULATION, budget / 4));
        for (long k = 0; evals < seeds && System.nanoTime() < deadline; k++) {
            FuzzCase c = Campaign.generate(seed, k, Math.max(maxRequests, SIZES[(int) (k % SIZES.length)]));
            Scored s = score(target, c.workload(), target.adapt(c.config(), c.workload()), target.params(c));
            evals++;
            if (s == null) {
                throw new IllegalArgumentException("no bound to hunt for " + target.describe() + "; measured: "
                        + GapMeter.supported());
            }
            pop.add(s);
            pop.sort(Comparator.comparingDouble((Scored x) -> -x.best().ratio()));
            if (pop.size() > POPULATION) pop.remove(pop.size() - 1);
        }
        long lastShown = System.nanoTime();
        while (evals < budget && System.nanoTime() < deadline) {
            Scored parent = pop.get(rng.nextInt(Math.min(pop.size(), rng.nextBoolean() ? 2 : pop.size())));
            Mutated m = mutate(parent, rng);
            Scored child;
            try {
                child = score(target, m.w, target.adapt(m.c, m.w), parent.params());
            } catch (IllegalArgumentException e) {
                continue; // a mutation that cannot run (a request larger than the pool)
            }
            evals++;
            if (child.best().ratio() >= pop.get(pop.size() - 1).best().ratio()) {
                pop.add(child);
                pop.sort(Comparator.comparingDouble((Scored x) -> -x.best().ratio()));
                if (pop.size() > POPULATION) pop.remove(pop.size() - 1);
            }
            if (progress != null && System.nanoTime() - lastShown > 5_000_000_000L) {
                lastShown = System.nanoTime();
                progress.printf(Locale.ROOT, "%d workloads, %.0f s, best ratio %.3f%n", evals, (lastShown - t0) / 1e9,
                        pop.get(0).best().ratio());
                progress.flush();
            }
        }
        Scored top = pop.get(0);
        CaseRunner runner = new CaseRunner(target, Oracles.ALL);
        CaseRunner.Run run = runner.run(top.w(), top.c(), top.params(), true);
        Path saved = null;
        if (out != null) {
            saved = out.resolve("best");
            new SavedCase("best", target, Oracles.ALL, top.params(), target.adapt(top.c(), top.w()), top.w(),
                    String.format(Locale.ROOT, "objective gap: observed/bound %.4f (%s)", top.best().ratio(),
                            top.best().where()), "bound hunt, seed " + seed).save(saved, run);
        }
        return new Result(target.describe(), top.best(), evals, (System.nanoTime() - t0) / 1e9, saved, run.verdict(),
                top.w().size());
    }

    /** The ratio of one run, or null when the policy has no bound the meter measures. */
    static Scored score(Target target, Workload w, EngineConfig c, Map<String, String> params) {
        GapMeter meter = new GapMeter();
        if (target.kind() == Target.Kind.FAST) {
            new FastEngine(c, target.scheduler(params), meter).run(w.requests(), w.name(), w.digest());
        } else {
            new Engine(c, target.scheduler(params), meter).run(w.requests(), w.name(), w.digest());
        }
        return meter.measures() ? new Scored(w, c, params, meter.best()) : null;
    }

    private record Mutated(Workload w, EngineConfig c) {}

    /** One random change to a workload or its engine. */
    static Mutated mutate(Scored s, UniformRandomProvider rng) {
        List<Request> rs = new ArrayList<>(s.w().requests());
        EngineConfig c = s.c();
        Request r = rs.get(rng.nextInt(rs.size()));
        switch (rng.nextInt(9)) {
            case 0 -> { // one more request like r, at the same instant or just after
                rs.add(new Request(rs.size(), r.client(), r.arrivalUs() + rng.nextInt(2) * rng.nextInt(50_000),
                        Prompt.single(rng.nextLong(), r.promptLength()), r.maxNewTokens()));
            }
            case 1 -> { if (rs.size() > 2) rs.remove(r); }
            case 2 -> { // another client for r (an existing one or a new one)
                int clients = (int) rs.stream().map(Request::client).distinct().count();
                rs.set(rs.indexOf(r), with(r, "client-" + rng.nextInt(clients + 1), r.arrivalUs(), r.prompt(), r.maxNewTokens()));
            }
            case 3 -> rs.set(rs.indexOf(r), with(r, r.client(), r.arrivalUs(), Prompt.single(rng.nextLong(),
                    Math.min(2048, r.promptLength() * 2)), r.maxNewTokens()));
            case 4 -> rs.set(rs.indexOf(r), with(r, r.client(), r.arrivalUs(), r.prompt(), Math.min(512, r.maxNewTokens() * 2)));
            case 5 -> rs.set(rs.indexOf(r), with(r, r.client(), rs.get(rng.nextInt(rs.size())).arrivalUs(), r.prompt(),
                    r.maxNewTokens()));
            case 6 -> rs.set(rs.indexOf(r), with(r, r.client(), r.arrivalUs(), r.prompt(), Math.max(1, r.maxNewTokens() / 2)));
            case 7 -> c = c.withMaxRunning(Math.max(1, c.maxRunning() + (rng.nextBoolean() ? 1 : -1) * (1 + c.maxRunning() / 4)));
            default -> c = c.withTokenBudget(Math.max(1, rng.nextBoolean() ? c.tokenBudget() * 2 : c.tokenBudget() / 2));
        }
        List<Request> renumbered = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
            Request x = rs.get(i);
            renumbered.add(new Request(i, x.client(), x.arrivalUs(), x.prompt(), x.maxNewTokens()));
        }
        Workload w = Workload.of(s.w().name().replaceAll(" \\(hunted\\)$", "") + " (hunted)", renumbered);
        int need = (w.longestSequence() + c.blockSize() - 1) / c.blockSize() + c.watermarkBlocks();
        if (c.numBlocks() < need) c = c.withBlocks(need, c.blockSize());
        return new Mutated(w, c);
    }

    private static Request with(Request r, String client, long arrivalUs, Prompt p, int out) {
        return new Request(r.id(), client, arrivalUs, p, out);
    }

    /** The policies a bound is hunted for, for help texts. */
    public static List<String> policies() {
        return List.of(Schedulers.Policy.VTC.id, Schedulers.Policy.DLPM.id, Schedulers.Policy.LTR.id);
    }
}
