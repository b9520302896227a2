package org.schedproof.conformance.fuzz.gen;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.Request;

/** What the generators resample from the bundled real traces (data/traces), read once per process. */
public final class RealTraces {
    private RealTraces() {}

    /** Traces whose arrival gaps are resampled. */
    public static final List<String> ARRIVALS = List.of("builtin:azure-conv", "builtin:azure-code",
            "builtin:mooncake-conversation");
    /** Traces whose (prompt, output) pairs are resampled. */
    public static final List<String> LENGTHS = List.of("builtin:sharegpt", "builtin:azure-conv", "builtin:arxiv",
            "builtin:vtc");
    /** Requests read from each trace. */
    static final int TAKE = 2000;

    private static final Map<String, long[]> GAPS = new ConcurrentHashMap<>();
    private static final Map<String, int[][]> PAIRS = new ConcurrentHashMap<>();

    /** The gaps between consecutive arrivals of a trace, µs. */
    public static long[] gaps(String address) {
        return GAPS.computeIfAbsent(address, a -> {
            List<Request> r = Workloads.load(a, TAKE).requests();
            long[] g = new long[Math.max(1, r.size() - 1)];
            for (int i = 1; i < r.size(); i++) g[i - 1] = r.get(i).arrivalUs() - r.get(i - 1).arrivalUs();
            return g;
        });
    }

    /** {prompt, output} pairs of a trace, as they occur together. */
    public static int[][] pairs(String address) {
        return PAIRS.computeIfAbsent(address, a -> {
            Workload w = Workloads.load(a, TAKE);
            int[][] p = new int[w.size()][];
            for (int i = 0; i < p.length; i++) {
                Request r = w.requests().get(i);
                p[i] = new int[] {r.promptLength(), r.maxNewTokens()};
            }
            return p;
        });
    }
}
