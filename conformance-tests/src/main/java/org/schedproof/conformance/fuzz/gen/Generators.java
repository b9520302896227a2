package org.schedproof.conformance.fuzz.gen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.conformance.fuzz.FuzzCase;
import org.schedproof.conformance.fuzz.gen.arrivals.AllAtOnce;
import org.schedproof.conformance.fuzz.gen.arrivals.GammaBursts;
import org.schedproof.conformance.fuzz.gen.arrivals.OnOffArrivals;
import org.schedproof.conformance.fuzz.gen.arrivals.PoissonArrivals;
import org.schedproof.conformance.fuzz.gen.arrivals.TraceGaps;
import org.schedproof.conformance.fuzz.gen.clients.DominantClient;
import org.schedproof.conformance.fuzz.gen.clients.OneClient;
import org.schedproof.conformance.fuzz.gen.clients.SkewedClients;
import org.schedproof.conformance.fuzz.gen.clients.UniformClients;
import org.schedproof.conformance.fuzz.gen.configs.HostTier;
import org.schedproof.conformance.fuzz.gen.configs.Roomy;
import org.schedproof.conformance.fuzz.gen.configs.Tight;
import org.schedproof.conformance.fuzz.gen.lengths.HeavyTailLengths;
import org.schedproof.conformance.fuzz.gen.lengths.RealLengths;
import org.schedproof.conformance.fuzz.gen.lengths.SmallLengths;
import org.schedproof.conformance.fuzz.gen.lengths.TinyLengths;
import org.schedproof.conformance.fuzz.gen.params.DlpmQuantum;
import org.schedproof.conformance.fuzz.gen.params.LtrStarvation;
import org.schedproof.conformance.fuzz.gen.params.VtcWeights;
import org.schedproof.conformance.fuzz.gen.prefixes.BlockBoundary;
import org.schedproof.conformance.fuzz.gen.prefixes.BlockHashes;
import org.schedproof.conformance.fuzz.gen.prefixes.Conversations;
import org.schedproof.conformance.fuzz.gen.prefixes.SystemPrompts;
import org.schedproof.conformance.fuzz.gen.prefixes.Unshared;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;

/**
 * The registry of the fuzzer's generators and the one case generator, {@code mix}, that composes them: from a case
 * seed it picks one part per concern (clients, arrivals, lengths, prefixes, engine) with equal chance and draws each
 * from its own stream. A new generator is one class plus one line in its list here; any change to what a seed gives
 * bumps {@link #VERSION}, so that a recorded case names the generator that made it.
 */
public final class Generators {
    private Generators() {}

    public static final String NAME = "mix";
    /** Version of what (seed, max requests) gives; recorded with every case. */
    public static final int VERSION = 1;

    public static final List<ClientMix> CLIENTS = List.of(new OneClient(), new UniformClients(), new SkewedClients(),
            new DominantClient());
    public static final List<Arrivals> ARRIVALS = List.of(new PoissonArrivals(), new GammaBursts(), new OnOffArrivals(),
            new AllAtOnce(), new TraceGaps());
    public static final List<Lengths> LENGTHS = List.of(new SmallLengths(), new HeavyTailLengths(), new TinyLengths(),
            new RealLengths());
    public static final List<Prefixes> PREFIXES = List.of(new Unshared(), new SystemPrompts(), new Conversations(),
            new BlockHashes(), new BlockBoundary());
    public static final List<Configs> CONFIGS = List.of(new Roomy(), new Tight(), new HostTier());
    public static final List<Params> PARAMS = List.of(new VtcWeights(), new DlpmQuantum(), new LtrStarvation());
    /** KV block sizes drawn (the engine's and the prefix generators' unit). */
    static final int[] BLOCK_SIZES = {1, 2, 4, 8, 16, 16, 16, 32};

    /** The streams of a case, one per concern. */
    private enum Stream { SHAPE, CLIENTS, ARRIVALS, LENGTHS, PREFIXES, CONFIG, PARAMS }

    /** The generator's name for cases of at most {@code maxRequests} requests (the bound is part of what a seed gives). */
    public static String name(int maxRequests) {
        return NAME + ":" + maxRequests;
    }

    /** The case of {@code seed} with 1 to {@code maxRequests} requests. */
    public static FuzzCase generate(long seed, int maxRequests) {
        if (maxRequests < 1) throw new IllegalArgumentException("max requests must be >= 1, was " + maxRequests);
        Draw shape = draw(seed, Stream.SHAPE);
        int n = shape.between(1, maxRequests);
        int blockSize = shape.pick(BLOCK_SIZES);
        ClientMix clients = shape.pick(CLIENTS);
        Arrivals arrivals = shape.pick(ARRIVALS);
        Lengths lengths = shape.pick(LENGTHS);
        Prefixes prefixes = shape.pick(PREFIXES);
        Configs configs = shape.pick(CONFIGS);
        Sketch s = new Sketch(n, blockSize);
        clients.fill(draw(seed, Stream.CLIENTS), s);
        arrivals.fill(draw(seed, Stream.ARRIVALS), s);
        lengths.fill(draw(seed, Stream.LENGTHS), s);
        prefixes.fill(draw(seed, Stream.PREFIXES), s);
        String name = "fuzz:" + name(maxRequests) + "/v" + VERSION + "/seed=" + Long.toHexString(seed);
        Workload w = Workload.of(name, s.build());
        EngineConfig c = configs.config(draw(seed, Stream.CONFIG), w, blockSize);
        Draw p = draw(seed, Stream.PARAMS);
        Map<String, Map<String, String>> params = new HashMap<>();
        for (Params x : PARAMS) params.put(x.policy(), x.suggest(p, w));
        String recipe = "clients=" + clients.name() + " arrivals=" + arrivals.name() + " lengths=" + lengths.name()
                + " prefixes=" + prefixes.name() + " engine=" + configs.name() + " block=" + blockSize;
        return new FuzzCase(name(maxRequests), VERSION, seed, recipe, w, c, params);
    }

    /** The names of every registered part, by concern, for help texts and the documentation. */
    public static Map<String, List<String>> space() {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        m.put("clients", CLIENTS.stream().map(ClientMix::name).toList());
        m.put("arrivals", ARRIVALS.stream().map(Arrivals::name).toList());
        m.put("lengths", LENGTHS.stream().map(Lengths::name).toList());
        m.put("prefixes", PREFIXES.stream().map(Prefixes::name).toList());
        m.put("engine", CONFIGS.stream().map(Configs::name).toList());
        List<String> ps = new ArrayList<>();
        for (Params x : PARAMS) ps.add(x.policy() + ":" + x.getClass().getSimpleName());
        m.put("params", ps);
        return m;
    }

    private static Draw draw(long seed, Stream s) {
        return Draw.of(seed, s.ordinal());
    }
}
