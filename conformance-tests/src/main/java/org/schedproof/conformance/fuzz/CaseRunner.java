package org.schedproof.conformance.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.schedproof.conformance.protocol.PortOptions;
import org.schedproof.conformance.protocol.PortRun;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.gpu.core.FastEngine;
import org.schedproof.gpu.sched.IndexedSchedulers;
import org.schedproof.invariants.CheckResult;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Violation;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;

/**
 * Runs one case on a target and asks the oracles (spec/INVARIANTS.md): every applicable checker, fed each event as the
 * engine produces it ({@link TraceCheck.Online}, no file); the differential, the target's trace against its twin's
 * line by line (the reference policy on the reference engine, or for a reference policy the indexed policy on
 * FastEngine, which must write the same bytes); the engine's rejected batches; a port's protocol failures. A run
 * that throws is a finding ({@code HARNESS-CRASH}), never a crash of the campaign.
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

    /** The case as drawn; the trace is kept only when the differential needs it. */
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
        boolean lines = keepTrace || oracles.differential();
        Capture capture = new Capture(lines);
        List<Verdict.Finding> findings = new ArrayList<>();
        String portFailure = null;
        try {
            switch (target.kind()) {
                case POLICY, MUTANT -> new Engine(c, target.scheduler(params), capture).run(w.requests(), w.name(), w.digest());
                case FAST -> new FastEngine(c, target.scheduler(params), capture).run(w.requests(), w.name(), w.digest());
                case PORT -> {
                    // the port is certified as what the reference would be: its name and every parameter, defaults included
                    Scheduler like = Schedulers.create(target.policy(), target.batching(), params);
                    var r = PortRun.run(target.port(), portOptions, like.name(), like.parameters(), c, w, null, capture);
                    if (r.failure().isPresent()) portFailure = r.failure().get().verdict() + ": " + r.failure().get();
                }
            }
        } catch (RuntimeException e) {
            findings.add(new Verdict.Finding("HARNESS-CRASH", "the run threw " + e));
        }
        // No header: no trace was written (a port that failed its handshake); there is nothing to check or compare.
        boolean traced = capture.header != null;
        for (CheckResult r : traced ? capture.checks.report().results() : List.<CheckResult>of()) {
            if (r.status() == CheckResult.Status.FAIL && oracles.judges(r.id())) {
                findings.add(new Verdict.Finding(r.id(), r.toString()));
            }
        }
        if (traced && oracles.differential() && findings.stream().noneMatch(f -> f.id().equals("HARNESS-CRASH"))) {
            String diff = differential(c, w, params, capture);
            if (diff != null) findings.add(new Verdict.Finding(Verdict.DIFF, diff));
        }
        capture.engineFindings.values().forEach(findings::add);
        if (portFailure != null) {
            findings.add(new Verdict.Finding("PORT-" + portFailure.substring(0, portFailure.indexOf(':')).toUpperCase(),
                    portFailure));
        }
        return new Run(new Verdict(findings, capture.steps), capture.lines());
    }

    /** Null when the twin writes the same lines, else where they part. */
    private String differential(EngineConfig c, Workload w, Map<String, String> params, Capture mine) {
        Capture twin = new Capture(true);
        try {
            if (target.kind() == Target.Kind.POLICY) {
                Scheduler s = IndexedSchedulers.create(target.policy(), target.batching(), params);
                new FastEngine(c, s, twin).run(w.requests(), w.name(), w.digest());
            } else {
                Scheduler s = referenceOf(mine.header);
                if (s == null) return null;
                new Engine(c, s, twin).run(w.requests(), w.name(), w.digest());
            }
        } catch (RuntimeException e) {
            return "the twin run threw " + e;
        }
        return firstDifference(twin.lines(), mine.lines(), target.kind() == Target.Kind.POLICY ? "FastEngine" : "reference");
    }

    /** The reference policy a trace's header names, with its parameters; null when the header names none. */
    static Scheduler referenceOf(TraceEvent.Header h) {
        if (h == null) return null;
        String policy = h.policy().split("/")[0];
        Map<String, String> p = new HashMap<>(h.parameters());
        String batching = p.getOrDefault("batching", "sarathi");
        p.remove("batching");
        p.remove("ordering");
        try {
            return Schedulers.create(policy, batching, p);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Null when equal, else the first differing line (numbered from 1) of each. */
    static String firstDifference(List<String> expected, List<String> actual, String expectedName) {
        int i = 0;
        while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) i++;
        if (i == expected.size() && i == actual.size()) return null;
        return "trace line " + (i + 1) + " differs\n  " + expectedName + ": "
                + (i < expected.size() ? expected.get(i) : "<end>") + "\n  target:    "
                + (i < actual.size() ? actual.get(i) : "<end>");
    }

    /** The sink of a run: the checkers, the engine's violations, the step count and, if asked, the canonical lines. */
    private static final class Capture implements Consumer<TraceEvent> {
        final TraceCheck.Online checks = TraceCheck.online();
        final Map<String, Verdict.Finding> engineFindings = new java.util.TreeMap<>();
        final ByteArrayOutputStream bytes;
        final TraceWriter writer;
        TraceEvent.Header header;
        long steps;

        Capture(boolean lines) {
            bytes = lines ? new ByteArrayOutputStream(1 << 12) : null;
            writer = lines ? TraceWriter.to(bytes) : null;
        }

        @Override
        public void accept(TraceEvent e) {
            if (e instanceof TraceEvent.Header h) header = h;
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
