package org.schedproof.conformance.fuzz.shrink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.schedproof.engine.workload.Clients;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.PromptTokens;
import org.schedproof.spec.Request;

/**
 * Delta debugging of a failing case (Zeller's ddmin over the requests, then greedy passes): requests, then arrival
 * times, lengths, prefixes and clients, then the engine, each change kept only while the case still fails the same way
 * ({@link Test}). Rounds repeat until one changes nothing or the budget of runs is spent. Deterministic: the same
 * failing case and test give the same result.
 */
public final class Shrinker {
    /** Whether a candidate still shows the failure; a candidate that cannot run at all does not. */
    @FunctionalInterface
    public interface Test {
        boolean fails(Workload w, EngineConfig c);
    }

    /** The smallest case found, and how many runs it took. */
    public record Result(Workload workload, EngineConfig config, int runs, int rounds) {}

    private final Test test;
    private final int maxRuns;
    private int runs;
    private String name;

    public Shrinker(Test test, int maxRuns) {
        this.test = test;
        this.maxRuns = maxRuns;
    }

    public Result shrink(Workload w, EngineConfig c) {
        name = w.name() + " (shrunk)";
        runs = 0;
        List<Request> rs = new ArrayList<>(w.requests());
        EngineConfig config = c;
        int rounds = 0;
        while (runs < maxRuns) {
            rounds++;
            List<Request> before = rs;
            EngineConfig beforeConfig = config;
            rs = requests(rs, config);
            rs = arrivals(rs, config);
            rs = perRequest(rs, config, Shrinker::outputOne, Shrinker::outputHalf, Shrinker::promptOne,
                    Shrinker::promptHalf);
            rs = perRequest(rs, config, Shrinker::oneSegment, Shrinker::unshared);
            rs = clients(rs, config);
            config = config(rs, config);
            if (rs.equals(before) && config.equals(beforeConfig)) break;
        }
        return new Result(workload(rs), config, runs, rounds);
    }

    private boolean fails(List<Request> rs, EngineConfig c) {
        if (runs >= maxRuns || rs.isEmpty()) return false;
        runs++;
        try {
            return test.fails(workload(rs), c);
        } catch (IllegalArgumentException e) {
            return false; // the candidate cannot run (a request too large for the engine, say)
        }
    }

    private Workload workload(List<Request> rs) {
        return Workload.of(name, rs);
    }

    /** ddmin: remove chunks of halving size while the failure stays. */
    private List<Request> requests(List<Request> rs, EngineConfig c) {
        int n = 2;
        while (rs.size() >= 2 && runs < maxRuns) {
            int chunk = (rs.size() + n - 1) / n;
            boolean removed = false;
            for (int start = 0; start < rs.size(); start += chunk) {
                List<Request> cand = new ArrayList<>(rs.subList(0, start));
                cand.addAll(rs.subList(Math.min(rs.size(), start + chunk), rs.size()));
                if (fails(cand, c)) {
                    rs = renumbered(cand);
                    n = Math.max(n - 1, 2);
                    removed = true;
                    break;
                }
            }
            if (!removed) {
                if (n >= rs.size()) break;
                n = Math.min(rs.size(), 2 * n);
            }
        }
        return rs;
    }

    /** Arrivals moved to 0, then closer together: all at once, each onto its predecessor, all halved. */
    private List<Request> arrivals(List<Request> rs, EngineConfig c) {
        rs = tryAll(rs, c, r -> at(r, 0));
        long first = rs.get(0).arrivalUs();
        if (first > 0) rs = tryAll(rs, c, r -> at(r, r.arrivalUs() - first));
        rs = tryAll(rs, c, r -> at(r, r.arrivalUs() / 2));
        for (int i = rs.size() - 1; i >= 1 && runs < maxRuns; i--) {
            if (rs.get(i).arrivalUs() == rs.get(i - 1).arrivalUs()) continue;
            List<Request> cand = new ArrayList<>(rs);
            cand.set(i, at(rs.get(i), rs.get(i - 1).arrivalUs()));
            if (fails(cand, c)) rs = renumbered(cand);
        }
        return rs;
    }

    private List<Request> tryAll(List<Request> rs, EngineConfig c, UnaryOperator<Request> edit) {
        List<Request> cand = new ArrayList<>(rs.size());
        for (Request r : rs) cand.add(edit.apply(r));
        return !cand.equals(rs) && fails(cand, c) ? renumbered(cand) : rs;
    }

    /** Each request in turn, each edit in order: an edit kept once it still fails; a null edit does not apply. */
    @SafeVarargs
    private List<Request> perRequest(List<Request> rs, EngineConfig c, UnaryOperator<Request>... edits) {
        for (int i = 0; i < rs.size() && runs < maxRuns; i++) {
            for (UnaryOperator<Request> edit : edits) {
                Request e = edit.apply(rs.get(i));
                if (e == null || e.equals(rs.get(i))) continue;
                List<Request> cand = new ArrayList<>(rs);
                cand.set(i, e);
                if (fails(cand, c)) {
                    rs = cand;
                    break;
                }
            }
        }
        return rs;
    }

    /** Fewer clients: each client merged into client-0, then the names made dense in order of first request. */
    private List<Request> clients(List<Request> rs, EngineConfig c) {
        for (String client : rs.stream().map(Request::client).distinct().toList()) {
            if (client.equals(Clients.name(0)) || runs >= maxRuns) continue;
            String to = Clients.name(0);
            List<Request> cand = rs.stream().map(r -> r.client().equals(client) ? client(r, to) : r).toList();
            if (fails(cand, c)) rs = cand;
        }
        Map<String, String> dense = new LinkedHashMap<>();
        for (Request r : rs) dense.computeIfAbsent(r.client(), k -> Clients.name(dense.size()));
        List<Request> cand = rs.stream().map(r -> client(r, dense.get(r.client()))).toList();
        return !cand.equals(rs) && fails(cand, c) ? cand : rs;
    }

    /** A smaller engine: no host tier, no watermark, then fewer blocks, a smaller budget and running cap. */
    private EngineConfig config(List<Request> rs, EngineConfig c) {
        List<UnaryOperator<EngineConfig>> edits = List.of(
                x -> x.host().blocks() == 0 ? null : x.withHost(EngineConfig.HostMemory.NONE),
                x -> x.watermarkBlocks() == 0 ? null : x.withWatermark(0),
                x -> x.numBlocks() < 2 ? null : x.withBlocks(Math.max(x.watermarkBlocks() + 1, x.numBlocks() / 2), x.blockSize()),
                x -> x.numBlocks() < 2 ? null : x.withBlocks(x.numBlocks() - 1, x.blockSize()),
                x -> x.tokenBudget() < 2 ? null : x.withTokenBudget(x.tokenBudget() / 2),
                x -> x.maxRunning() < 2 ? null : x.withMaxRunning(x.maxRunning() / 2));
        boolean progress = true;
        while (progress && runs < maxRuns) {
            progress = false;
            for (UnaryOperator<EngineConfig> edit : edits) {
                EngineConfig cand = edit.apply(c);
                if (cand != null && fails(rs, cand)) {
                    c = cand;
                    progress = true;
                }
            }
        }
        return c;
    }

    // ---- single-request edits ----

    private static Request outputOne(Request r) {
        return r.maxNewTokens() == 1 ? null : new Request(r.id(), r.client(), r.arrivalUs(), r.prompt(), 1);
    }

    private static Request outputHalf(Request r) {
        return r.maxNewTokens() < 4 ? null : new Request(r.id(), r.client(), r.arrivalUs(), r.prompt(), r.maxNewTokens() / 2);
    }

    private static Request promptOne(Request r) {
        return r.promptLength() == 1 ? null : prompt(r, truncated(r.prompt(), 1));
    }

    private static Request promptHalf(Request r) {
        return r.promptLength() < 4 ? null : prompt(r, truncated(r.prompt(), r.promptLength() / 2));
    }

    /** One segment under the first key: the first segment's tokens kept, the sharing of later ones dropped. */
    private static Request oneSegment(Request r) {
        Prompt p = r.prompt();
        return p.keys().length == 1 ? null : prompt(r, Prompt.single(p.keys()[0], p.length()));
    }

    /** A key of its own: nothing shared with any other request. */
    private static Request unshared(Request r) {
        Prompt p = r.prompt();
        long own = PromptTokens.mix64(0x5A11L + r.id() * 0x9E3779B97F4A7C15L + p.length());
        return prompt(r, Prompt.single(own, p.length()));
    }

    static Prompt truncated(Prompt p, int length) {
        int[] ends = p.ends();
        int s = 0;
        while (ends[s] < length) s++;
        int[] e = Arrays.copyOf(ends, s + 1);
        e[s] = length;
        return new Prompt(Arrays.copyOf(p.keys(), s + 1), e);
    }

    private static Request prompt(Request r, Prompt p) {
        return new Request(r.id(), r.client(), r.arrivalUs(), p, r.maxNewTokens());
    }

    private static Request client(Request r, String client) {
        return new Request(r.id(), client, r.arrivalUs(), r.prompt(), r.maxNewTokens());
    }

    private static Request at(Request r, long arrivalUs) {
        return new Request(r.id(), r.client(), arrivalUs, r.prompt(), r.maxNewTokens());
    }

    /** In arrival order with ids 0..n-1, as a workload holds them. */
    private static List<Request> renumbered(List<Request> rs) {
        return Workload.of("", rs).requests();
    }
}
