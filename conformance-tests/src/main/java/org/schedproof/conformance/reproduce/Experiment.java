package org.schedproof.conformance.reproduce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reproduction experiment, read from its data file ({@code reproduce/NAME.json}, see {@link ExperimentFile}): the
 * paper's claim and number, the engine and workload as templates over named variables, the points of the sweep (each
 * overriding some variables), the arms compared at every point, and how the subject is judged against the baseline.
 *
 * @param kind     {@code compare}: every arm once per point; {@code capacity}: at every point, each arm's highest rate
 *                 that meets {@link #capacity}'s SLO, found by a search over the rate variable
 * @param engine   engine settings as templates: {@code blocks}, {@code budget} ({@code auto}: the former's default),
 *                 {@code maxRunning}, {@code hostBlocks}, {@code hostKvBits}, {@code workers}
 * @param points   the sweep; the first point is the headline; each maps variables to values (and {@code label})
 * @param metric   the measure the claim is about ({@link Measure} id), or {@code per-client-e2e}
 * @param quick    the smaller variant run by the build: variables overridden, the points kept (by label), and only
 *                 the subject and baseline arms
 * @param notes    the analysis, paragraphs of markdown, written into REPRODUCTION.md beside the figures
 */
public record Experiment(String name, String title, String paper, String where, String claim, String paperText,
                         double paperValue, String kind, String profile, Map<String, String> engine, String workload,
                         Map<String, String> vars, List<Map<String, String>> points, List<Arm> arms, String metric,
                         String subject, String baseline, Capacity capacity, Quick quick, List<String> notes) {

    /** One configuration compared at every point: a policy under a batch former, maybe behind a router. */
    public record Arm(String label, String policy, String batching, Map<String, String> params, String router,
                      Map<String, String> routerParams, Map<String, String> engine) {
        public Arm {
            params = ordered(params);
            routerParams = ordered(routerParams);
            engine = ordered(engine);
        }
    }

    /**
     * The search of a capacity experiment: geometric bisection of {@code rate} over [lo, hi]; the ends and the SLO (which
     * maps measures to their maxima) are templates over the point's variables.
     */
    public record Capacity(String rate, String lo, String hi, int steps, Map<String, String> slo) {
        public Capacity {
            slo = ordered(slo);
        }
    }

    /**
     * The build's variant: variables overridden, the labels of the points kept, and what the build asserts of the
     * headline gain: {@code better} (the paper's direction, by at least 5%) or {@code no-loss} (for a claim the full
     * run does not reproduce: at least 0.9).
     */
    public record Quick(Map<String, String> vars, List<String> points, String expect) {}

    public static final String COMPARE = "compare";
    public static final String CAPACITY = "capacity";

    public Experiment {
        engine = ordered(engine);
        vars = ordered(vars);
        points = points.stream().map(Experiment::ordered).toList();
        arms = List.copyOf(arms);
        notes = List.copyOf(notes);
    }

    /** An unmodifiable copy in the file's order, so that everything written from it is written the same each run. */
    static <V> Map<String, V> ordered(Map<String, V> m) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    public Arm arm(String label) {
        return arms.stream().filter(a -> a.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("experiment " + name + ": no arm '" + label + "'"));
    }

    /** This experiment as the build runs it: the quick variables and points, the subject and baseline arms only. */
    public Experiment quickVariant() {
        Map<String, String> v = new LinkedHashMap<>(vars);
        v.putAll(quick.vars());
        List<Map<String, String>> kept = new ArrayList<>();
        for (Map<String, String> p : points) if (quick.points().contains(label(p))) kept.add(p);
        List<Arm> two = arms.stream().filter(a -> a.label().equals(subject) || a.label().equals(baseline)).toList();
        return new Experiment(name, title, paper, where, claim, paperText, paperValue, kind, profile, engine, workload,
                v, kept, two, metric, subject, baseline, capacity, quick, notes);
    }

    /** The variables at a point: the defaults overridden by the point's own. */
    public Map<String, String> varsAt(Map<String, String> point) {
        Map<String, String> v = new LinkedHashMap<>(vars);
        point.forEach((k, x) -> {
            if (!k.equals("label")) v.put(k, x);
        });
        return v;
    }

    public static String label(Map<String, String> point) {
        return point.getOrDefault("label", "headline");
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_-]+)}");

    /**
     * {@code template} with every {@code ${var}} replaced, again while values hold variables (at most 8 rounds); an
     * unknown variable is an error naming it.
     */
    public String expand(String template, Map<String, String> v, String field) {
        String s = template;
        for (int round = 0; round < 8 && VAR.matcher(s).find(); round++) s = expandOnce(s, v, field);
        return s;
    }

    private String expandOnce(String template, Map<String, String> v, String field) {
        Matcher m = VAR.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = v.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("experiment " + name + ", field " + field + ": unknown variable ${"
                        + m.group(1) + "}; known: " + v.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
