package org.schedproof.spec.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The metrics of one trace, as defined in spec/METRICS.md (section numbers in brackets). Times are integer
 * microseconds; rates are per second of virtual time. Built by {@link MetricsCollector}.
 *
 * @param policy              the header's policy
 * @param workload            the header's workload address
 * @param endReason           the end line's reason, or null when the trace had none (yet)
 * @param requestsArrived     arrival lines [3]
 * @param requestsCompleted   completion lines [3]
 * @param steps               step lines
 * @param startUs             first arrival time, the start of the span [4]
 * @param endUs               the end line's time (or the latest time seen), the end of the span [4]
 * @param tokensEmitted       emitted tokens, all requests [4]
 * @param requestsPerSecond   completed requests per second of span [4]
 * @param tokensPerSecond     emitted tokens per second of span [4]
 * @param ttftUs              time to first token, one sample per request that emitted [5]
 * @param tbtUs               time between tokens, pooled over requests [6]
 * @param e2eUs               end-to-end latency, one sample per completed request [7]
 * @param meanNormalizedUs    mean over completed requests of latency per generated token [8]
 * @param admissions          admissions, re-admissions after preemption included [9]
 * @param admittedTokens      sequence tokens at those admissions (the hit rate's denominator) [9]
 * @param hitTokens           prefix-cache hit tokens (the hit rate's numerator) [9]
 * @param preemptions         preemptions applied [10]
 * @param violations          violations listed by steps [11]
 * @param violationsByRule    the same by rule, sorted
 * @param serviceByClient     VTC service per client over the whole trace, sorted by client [12]
 * @param maxServiceGap       the largest service difference between two clients backlogged together [13]
 * @param jainIndex           Jain's fairness index of the service totals [14]
 */
public record Summary(String policy, String workload, String endReason, long requestsArrived, long requestsCompleted,
                      long steps, long startUs, long endUs, long tokensEmitted, double requestsPerSecond,
                      double tokensPerSecond, Distribution ttftUs, Distribution tbtUs, Distribution e2eUs,
                      double meanNormalizedUs, long admissions, long admittedTokens, long hitTokens, long preemptions,
                      long violations, SortedMap<String, Long> violationsByRule,
                      SortedMap<String, Long> serviceByClient, ServiceGap maxServiceGap, double jainIndex) {

    public Summary {
        violationsByRule = Collections.unmodifiableSortedMap(new TreeMap<>(violationsByRule));
        serviceByClient = Collections.unmodifiableSortedMap(new TreeMap<>(serviceByClient));
    }

    /**
     * The largest |W_a - W_b| over consecutive steps [fromStep, toStep) during which clients {@code a} and {@code b}
     * were both backlogged at the start of every step (METRICS.md section 13); {@link #NONE} when no two clients
     * were ever backlogged together.
     */
    public record ServiceGap(long gap, String clientA, String clientB, long fromStep, long toStep) {
        public static final ServiceGap NONE = new ServiceGap(0, null, null, 0, 0);
    }

    /** The span of the trace, end minus start, in microseconds [4]. */
    public long durationUs() {
        return endUs - startUs;
    }

    /** Hit tokens over admitted sequence tokens, 0 when nothing was admitted [9]. */
    public double prefixHitRate() {
        return admittedTokens == 0 ? 0 : (double) hitTokens / admittedTokens;
    }

    /** A plain aligned text table for terminals: one metric per row, distributions as columns. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("policy", policy));
        rows.add(row("workload", workload));
        rows.add(row("end", endReason == null ? "(no end line)" : endReason));
        rows.add(row("requests", requestsArrived + " arrived, " + requestsCompleted + " completed"));
        rows.add(row("steps", Long.toString(steps)));
        rows.add(row("duration", ms(durationUs()) + " ms (" + startUs + " to " + endUs + " us)"));
        rows.add(row("throughput", fixed(requestsPerSecond, 2) + " req/s, " + fixed(tokensPerSecond, 1)
                + " tokens/s (" + tokensEmitted + " tokens)"));
        rows.add(row("normalized latency", requestsCompleted == 0 ? "-" : fixed(meanNormalizedUs, 1)
                + " us/token"));
        rows.add(row("prefix hit rate", admittedTokens == 0 ? "-" : fixed(100 * prefixHitRate(), 2) + "% ("
                + hitTokens + " of " + admittedTokens + " tokens, " + admissions + " admissions)"));
        rows.add(row("preemptions", Long.toString(preemptions)));
        StringBuilder v = new StringBuilder(Long.toString(violations));
        if (!violationsByRule.isEmpty()) {
            v.append(" (");
            String sep = "";
            for (Map.Entry<String, Long> e : violationsByRule.entrySet()) {
                v.append(sep).append(e.getKey()).append(' ').append(e.getValue());
                sep = ", ";
            }
            v.append(')');
        }
        rows.add(row("violations", v.toString()));
        rows.add(row("max service gap", maxServiceGap.clientA() == null ? "-" : maxServiceGap.gap() + " ("
                + maxServiceGap.clientA() + " vs " + maxServiceGap.clientB() + ", steps " + maxServiceGap.fromStep()
                + " to " + maxServiceGap.toStep() + ")"));
        rows.add(row("Jain's index", serviceByClient.isEmpty() ? "-" : fixed(jainIndex, 4)));
        StringBuilder out = new StringBuilder();
        align(rows, out, false);
        out.append('\n');

        List<String[]> dist = new ArrayList<>();
        dist.add(new String[] {"latency (us)", "count", "min", "p50", "p90", "p99", "max", "mean"});
        dist.add(distRow("TTFT", ttftUs));
        dist.add(distRow("TBT", tbtUs));
        dist.add(distRow("end-to-end", e2eUs));
        align(dist, out, true);

        if (!serviceByClient.isEmpty()) {
            out.append('\n');
            List<String[]> clients = new ArrayList<>();
            clients.add(new String[] {"client", "service"});
            for (Map.Entry<String, Long> e : serviceByClient.entrySet()) {
                clients.add(new String[] {e.getKey(), Long.toString(e.getValue())});
            }
            align(clients, out, true);
        }
        return out.toString();
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    private static String[] distRow(String name, Distribution d) {
        if (d.isEmpty()) return new String[] {name, "0", "-", "-", "-", "-", "-", "-"};
        return new String[] {name, Long.toString(d.count()), Long.toString(d.min()), Long.toString(d.p50()),
                Long.toString(d.p90()), Long.toString(d.p99()), Long.toString(d.max()), fixed(d.mean(), 1)};
    }

    /** Left-aligns the first column; right-aligns the others when {@code numeric}, else left. */
    static void align(List<String[]> rows, StringBuilder out, boolean numeric) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], r[c].length());
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                if (c > 0) line.append("  ");
                String cell = r[c];
                String pad = " ".repeat(width[c] - cell.length());
                if (c > 0 && numeric) line.append(pad).append(cell);
                else line.append(cell).append(c == cols - 1 ? "" : pad);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String ms(long us) {
        return String.format(Locale.ROOT, "%.3f", us / 1000.0);
    }
}
