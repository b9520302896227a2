package org.schedproof.conformance.reproduce;

import java.util.List;
import java.util.Map;

/**
 * Everything one experiment produced: its runs in order (every capacity trial included), each arm's capacity per
 * point for a capacity experiment, and the wall time it took.
 */
public record ExperimentResult(Experiment experiment, List<RunResult> runs, Map<String, Map<String, Double>> capacities,
                               long wallMs) {
    public ExperimentResult {
        runs = List.copyOf(runs);
        capacities = Experiment.ordered(capacities);
    }

    /** The run of {@code arm} at {@code point} (a capacity experiment: the trial at its capacity, or null). */
    public RunResult run(String point, String arm) {
        RunResult found = null;
        for (RunResult r : runs) {
            if (!r.point().equals(point) || !r.arm().equals(arm)) continue;
            if (Double.isNaN(r.rate())) return r;
            if (r.rate() == capacities.get(point).get(arm)) found = r;
        }
        return found;
    }

    public String headline() {
        return Experiment.label(experiment.points().get(0));
    }

    /**
     * How many times better the subject is than the baseline at {@code point}, in the claim's metric: its capacity
     * ratio, its throughput ratio, a latency's baseline over subject, or for per-client latency the largest over
     * clients of baseline over subject (infinite when the baseline's capacity is positive over a zero).
     */
    public double gain(String point) {
        Experiment e = experiment;
        if (e.kind().equals(Experiment.CAPACITY)) {
            Map<String, Double> c = capacities.get(point);
            return c.get(e.subject()) / c.get(e.baseline());
        }
        RunResult s = run(point, e.subject());
        RunResult b = run(point, e.baseline());
        if (e.metric().equals(Measure.PER_CLIENT_E2E)) return perClient(s, b)[0];
        Measure m = Measure.of(e.metric());
        return m.gain(m.of(s), m.of(b));
    }

    /** Per-client latency gains of {@code s} over {@code b}: {largest, geometric mean, clients better}. */
    public static double[] perClient(RunResult s, RunResult b) {
        double max = 0;
        double logSum = 0;
        int n = 0;
        int better = 0;
        for (Map.Entry<String, Double> c : b.clientMeanE2eUs().entrySet()) {
            Double sv = s.clientMeanE2eUs().get(c.getKey());
            if (sv == null) continue;
            double g = c.getValue() / sv;
            max = Math.max(max, g);
            logSum += Math.log(g);
            n++;
            if (g > 1) better++;
        }
        return new double[] {max, n == 0 ? Double.NaN : Math.exp(logSum / n), better, n};
    }

    /**
     * The precision of a capacity at {@code point}: the ratio of the last bracket of the bisection, (hi/lo)^(1/2^steps);
     * 1 for a compare experiment. A capacity gain not above it is within the search's resolution.
     */
    public double resolution(String point) {
        Experiment e = experiment;
        if (!e.kind().equals(Experiment.CAPACITY)) return 1;
        Map<String, String> vars = e.points().stream().filter(p -> Experiment.label(p).equals(point)).findFirst()
                .map(e::varsAt).orElseThrow();
        double lo = Double.parseDouble(e.expand(e.capacity().lo(), vars, "capacity.lo"));
        double hi = Double.parseDouble(e.expand(e.capacity().hi(), vars, "capacity.hi"));
        return Math.pow(hi / lo, 1.0 / (1L << e.capacity().steps()));
    }

    /**
     * The paper's direction at {@code point}: a gain above 1% (for a capacity, above the search's resolution by more
     * than the rounding of the rates, 1%: one bisection step is not a finding).
     */
    public boolean reproduced(String point) {
        double g = gain(point);
        return g > 1 && g > resolution(point) * 1.01;
    }

    /** Every run clean: checkers passed on every trace, every request completed, no engine violation. */
    public boolean allClean() {
        return runs.stream().allMatch(RunResult::clean);
    }

    public long tracesChecked() {
        return runs.stream().mapToLong(r -> r.checked().equals(RunResult.PASS) || r.checked().startsWith("FAIL") ? 1 : 0)
                .sum();
    }
}
