package org.schedproof.spec.metrics;

import java.util.ArrayList;
import java.util.List;

/** Several runs of one workload side by side: one row per run, the headline metrics of spec/METRICS.md as columns. */
public final class Comparison {
    private Comparison() {}

    /** A plain aligned text table; {@code labels} name the rows (the policy with its options), one per summary. */
    public static String table(List<String> labels, List<Summary> summaries) {
        if (labels.size() != summaries.size()) throw new IllegalArgumentException("one label per summary");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"policy", "end", "req/s", "tok/s", "TTFT p50 ms", "TTFT p99 ms", "TBT p50 ms",
                "TBT p99 ms", "mean latency ms", "hit rate %", "preemptions", "max gap", "Jain", "violations"});
        for (int i = 0; i < labels.size(); i++) {
            Summary s = summaries.get(i);
            rows.add(new String[] {labels.get(i), s.endReason() == null ? "-" : s.endReason(),
                    Summary.fixed(s.requestsPerSecond(), 2), Summary.fixed(s.tokensPerSecond(), 1),
                    ms(s.ttftUs(), s.ttftUs().p50()), ms(s.ttftUs(), s.ttftUs().p99()),
                    ms(s.tbtUs(), s.tbtUs().p50()), ms(s.tbtUs(), s.tbtUs().p99()),
                    s.e2eUs().isEmpty() ? "-" : Summary.fixed(s.e2eUs().mean() / 1000, 1),
                    s.admittedTokens() == 0 ? "-" : Summary.fixed(100 * s.prefixHitRate(), 2),
                    Long.toString(s.preemptions()),
                    s.maxServiceGap().clientA() == null ? "-" : Long.toString(s.maxServiceGap().gap()),
                    s.serviceByClient().isEmpty() ? "-" : Summary.fixed(s.jainIndex(), 4),
                    Long.toString(s.violations())});
        }
        StringBuilder out = new StringBuilder();
        Summary.align(rows, out, true);
        return out.toString();
    }

    private static String ms(Distribution d, long us) {
        return d.isEmpty() ? "-" : Summary.fixed(us / 1000.0, 1);
    }
}
