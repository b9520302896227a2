package org.schedproof.conformance.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.schedproof.conformance.certify.PolicySpec;
import org.schedproof.conformance.certify.ScheduleDifferential;
import org.schedproof.conformance.certify.TraceDifferential;
import org.schedproof.conformance.protocol.PortOptions;
import org.schedproof.conformance.protocol.PortRun;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.gpu.core.FastEngine;
import org.schedproof.invariants.CheckResult;
import org.schedproof.invariants.Checker;
import org.schedproof.invariants.Checkers;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Violation;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;

/**
 * Runs one case on a target and asks the oracles (spec/INVARIANTS.md): every applicable checker, fed each event as the
 * engine produces it ({@link TraceCheck.Online}, no file); the differential, fed the same way after them (DIFF-TRACE
 * for our own engines against each other, DIFF-SCHEDULE for a mutant or a port: {@link #differential}); the engine's
 * rejected batches; a port's protocol failures. A run that throws is a finding ({@code HARNESS-CRASH}), never a crash
 * of the campaign; a port that fails before its trace starts leaves every checker not applicable.
 */
public final class CaseRunner {
    private final Target target;
    private final Oracles oracles;
    private final PortOptions portOptions;

    /** The verdict and, when kept, the target's trace as canonical lines (no line ends). */
    public record Run(Verdict verdict, List<String> lines) {
        /** The trace as the bytes of a trace file. */
        public byte[] traceBytes() {
            StringBuilder b = new StringBuilder();
            for (String l : lines) b.append(l).append('\n');
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    public CaseRunner(Target target, Oracles oracles) {
        this(target, oracles, PortOptions.DEFAULTS);
    }

    public CaseRunner(Target target, Oracles oracles, PortOptions portOptions) {
        this.target = target;
        this.oracles = oracles;
        this.portOptions = portOptions;
    }

    public Target target() {
        return target;
    }

    public Oracles oracles() {
        return oracles;
    }

    /** The case as drawn; its trace is not kept. */
    public Run run(FuzzCase c) {
        return run(c, false);
    }

    public Run run(FuzzCase c, boolean keepTrace) {
        return run(c.workload(), c.config(), target.params(c), keepTrace);
    }

    /**
     * Runs {@code w} on {@code config} (adapted to the target, {@link Target#adapt}) with policy options
     * {@code params}. A workload that cannot run on the engine at all (a request larger than the pool) is an
     * {@link IllegalArgumentException}, not a verdict.
     */
    public Run run(Workload w, EngineConfig config, Map<String, String> params, boolean keepTrace) {
        EngineConfig c = target.adapt(config, w);
        Engine.checkFits(c, w.requests());
        Checker diff = oracles.differential() ? differential(c, w, params) : null;
        Capture capture = new Capture(keepTrace, diff);
        List<Verdict.Finding> findings = new ArrayList<>();
        String portFailure = null;
        boolean crashed = false;
        try {
            switch (target.kind()) {
                case POLICY, MUTANT -> new Engine(c, target.scheduler(params), capture).run(w.requests(), w.name(), w.digest());
                case FAST -> new FastEngine(c, target.scheduler(params), capture).run(w.requests(), w.name(), w.digest());
                case PORT -> {
                    PolicySpec like = claim(params);
                    var r = PortRun.run(target.port(), portOptions, like.name(), like.parameters(), c, w, null, capture);
                    if (r.failure().isPresent()) portFailure = r.failure().get().verdict() + ": " + r.failure().get();
                }
            }
        } catch (RuntimeException e) {
            crashed = true;
            findings.add(new Verdict.Finding("HARNESS-CRASH", "the run threw " + e));
        }
        for (CheckResult r : capture.checks.report().results()) {
            // a run cut short by a crash is judged by the checkers, but not compared with a twin that ran to its end
            if (r.status() == CheckResult.Status.FAIL && oracles.judges(r.id()) && !(crashed && r.id().startsWith("DIFF-"))) {
                findings.add(new Verdict.Finding(r.id(), r.toString()));
            }
        }
        capture.engineFindings.values().forEach(findings::add);
        if (portFailure != null) {
            findings.add(new Verdict.Finding("PORT-" + portFailure.substring(0, portFailure.indexOf(':')).toUpperCase(),
                    portFailure));
        }
        return new Run(new Verdict(findings, capture.steps), capture.lines());
    }

    /**
     * The differential a run is judged by (spec/INVARIANTS.md, Differential), its twin run now, before the target's:
     * our own engines against each other ({@code POLICY}: the reference policy against the indexed one on FastEngine;
     * {@code FAST}: the other way round) must write the same bytes, {@link TraceDifferential} (DIFF-TRACE); any other
     * candidate (a mutant, a port) must make the reference's schedule, {@link ScheduleDifferential} (DIFF-SCHEDULE,
     * exactly certify's L3), its witnesses its own. A claim the reference cannot make, or a twin that throws, fails
     * the differential saying why: never a silent pass.
     */
    private Checker differential(EngineConfig c, Workload w, Map<String, String> params) {
        boolean ours = target.kind() == Target.Kind.POLICY || target.kind() == Target.Kind.FAST;
        PolicySpec spec;
        try {
            spec = claim(params);
        } catch (IllegalArgumentException e) {
            String why = "no reference policy is what the target claims to be: " + e.getMessage();
            return ours ? TraceDifferential.failed(why) : ScheduleDifferential.failed(why);
        }
        try {
            if (target.kind() == Target.Kind.POLICY) {
                List<TraceEvent> twin = new ArrayList<>();
                new FastEngine(c, spec.indexed(), twin::add).run(w.requests(), w.name(), w.digest());
                return new TraceDifferential(twin, "FastEngine");
            }
            if (target.kind() == Target.Kind.FAST) {
                return new TraceDifferential(ScheduleDifferential.referenceTrace(spec, c, w), "reference");
            }
            return ScheduleDifferential.against(spec, c, w);
        } catch (RuntimeException e) {
            String why = "the twin run threw " + e;
            return ours ? TraceDifferential.failed(why) : ScheduleDifferential.failed(why);
        }
    }

    /**
     * The reference policy the target is judged as: the target's policy, former and options; for a mutant, the name
     * and parameters it claims (a mutant keeps its reference's). A port is told exactly this policy's name and every
     * parameter, defaults included.
     */
    private PolicySpec claim(Map<String, String> params) {
        if (target.kind() != Target.Kind.MUTANT) return new PolicySpec(target.policy(), target.batching(), params);
        Scheduler s = target.scheduler(params);
        return PolicySpec.fromNamed(s.name(), s.parameters());
    }

    /** The sink of a run: the checkers, the engine's violations, the step count and, if asked, the canonical lines. */
    private static final class Capture implements Consumer<TraceEvent> {
        final TraceCheck.Online checks;
        final Map<String, Verdict.Finding> engineFindings = new java.util.TreeMap<>();
        final ByteArrayOutputStream bytes;
        final TraceWriter writer;
        long steps;

        /** {@code diff}: the differential, judged after the catalogue's checkers, or null. */
        Capture(boolean lines, Checker diff) {
            List<Checker> checkers = Checkers.all();
            if (diff != null) checkers.add(diff);
            checks = new TraceCheck.Online(checkers);
            bytes = lines ? new ByteArrayOutputStream(1 << 12) : null;
            writer = lines ? TraceWriter.to(bytes) : null;
        }

        @Override
        public void accept(TraceEvent e) {
            if (e instanceof TraceEvent.Step s) {
                steps++;
                for (Violation v : s.violations()) {
                    String id = "ENGINE-" + v.rule().replace('_', '-');
                    engineFindings.putIfAbsent(id, new Verdict.Finding(id, v.toString()));
                }
            }
            checks.accept(e);
            if (writer != null) writer.write(e);
        }

        List<String> lines() {
            if (writer == null) return List.of();
            writer.flush();
            String s = bytes.toString(StandardCharsets.UTF_8);
            if (s.isEmpty()) return List.of();
            return List.of(s.substring(0, s.length() - 1).split("\n", -1));
        }
    }
}
