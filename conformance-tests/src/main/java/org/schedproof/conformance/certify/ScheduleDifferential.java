package org.schedproof.conformance.certify;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.invariants.Checker;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent;

/**
 * DIFF-SCHEDULE (spec/LEVELS.md, L3): a candidate trace makes the same schedule as the reference's, step by step:
 * the same preemptions, offloads, prefetches and slices in each step, the same verdict of the engine on it
 * (rejected or not), and the same tokens emitted (ids and, model on, values). Fed the candidate's events as they are
 * produced, it stops at the first divergence and keeps it ({@link #divergence()}): the step, the reference's batch and
 * the candidate's. Witnesses and timings are not compared: equal batches on the same engine give equal times, and a
 * witness is the policy's own bookkeeping, judged by the L2 checkers.
 */
public final class ScheduleDifferential implements Checker {
    public static final String ID = "DIFF-SCHEDULE";

    /** The first step at which the schedules differ; a batch is null where that trace had no such step. */
    public record Divergence(long step, String what, String referenceBatch, String candidateBatch) {
        @Override
        public String toString() {
            return "step " + step + ": " + what + "; reference " + (referenceBatch == null ? "(no step)" : referenceBatch)
                    + "; candidate " + (candidateBatch == null ? "(no step)" : candidateBatch);
        }
    }

    private final Iterator<TraceEvent.Step> reference;
    private final TraceEvent.End referenceEnd;
    private final List<Violation> violations = new ArrayList<>();
    private Divergence divergence;

    /** Compares against {@code referenceEvents}, a whole reference trace (only its steps and end line are read). */
    public ScheduleDifferential(List<TraceEvent> referenceEvents) {
        List<TraceEvent.Step> steps = new ArrayList<>();
        TraceEvent.End end = null;
        for (TraceEvent e : referenceEvents) {
            if (e instanceof TraceEvent.Step s) steps.add(s);
            else if (e instanceof TraceEvent.End x) end = x;
        }
        this.reference = steps.iterator();
        this.referenceEnd = end;
    }

    /** Compares against the reference's run of {@code spec} on {@code w} and {@code config}, made now, in memory. */
    public static ScheduleDifferential against(PolicySpec spec, EngineConfig config, Workload w) {
        return new ScheduleDifferential(referenceTrace(spec, config, w));
    }

    /** The reference's whole trace of {@code spec} on {@code w}, in memory (what the differentials compare against). */
    public static List<TraceEvent> referenceTrace(PolicySpec spec, EngineConfig config, Workload w) {
        List<TraceEvent> events = new ArrayList<>();
        new Engine(config, spec.reference(), events::add).run(w.requests(), w.name(), w.digest());
        return events;
    }

    /** A differential that fails before the first step for {@code reason} (the reference could not be re-run). */
    public static ScheduleDifferential failed(String reason) {
        ScheduleDifferential d = new ScheduleDifferential(List.of());
        d.diverge(new Divergence(-1, reason, null, null));
        return d;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String statement() {
        return "the same schedule as the reference policy with the same parameters on the same engine, step by step";
    }

    @Override
    public void accept(TraceEvent event) {
        if (divergence != null) return;
        if (event instanceof TraceEvent.Step s) {
            if (!reference.hasNext()) {
                diverge(new Divergence(s.index(), "the reference ended ("
                        + (referenceEnd == null ? "no end line" : referenceEnd.reason()) + ") before this step",
                        null, batch(s)));
                return;
            }
            TraceEvent.Step r = reference.next();
            String what = difference(r, s);
            if (what != null) diverge(new Divergence(s.index(), what, batch(r), batch(s)));
        } else if (event instanceof TraceEvent.End e && reference.hasNext()) {
            TraceEvent.Step r = reference.next();
            diverge(new Divergence(r.index(), "the candidate's trace ended (" + e.reason() + ") before this step",
                    batch(r), null));
        }
    }

    private static String difference(TraceEvent.Step r, TraceEvent.Step s) {
        if (r.index() != s.index()) return "step index " + s.index() + " where the reference has " + r.index();
        if (!r.preempted().equals(s.preempted())) return "the preemptions differ";
        if (!r.offloaded().equals(s.offloaded())) return "the offloads differ";
        if (!r.prefetched().equals(s.prefetched())) return "the prefetches differ";
        if (!r.slices().equals(s.slices())) return "the slices differ";
        if (r.rejected() != s.rejected()) return r.rejected() ? "the reference's batch was rejected, the candidate's applied"
                : "the candidate's batch was rejected by the engine";
        if (!r.emitted().equals(s.emitted())) return "the emitted tokens differ";
        if (!r.finished().equals(s.finished())) return "the finished requests differ";
        return null;
    }

    /** A batch in one line: {@code preempt [3] offload [] prefetch [] slices [5@0+64, 2@40+1] emitted [2:17]}. */
    public static String batch(TraceEvent.Step s) {
        StringBuilder b = new StringBuilder();
        if (!s.preempted().isEmpty()) b.append("preempt ").append(s.preempted()).append(' ');
        if (!s.offloaded().isEmpty()) b.append("offload ").append(s.offloaded()).append(' ');
        if (!s.prefetched().isEmpty()) b.append("prefetch ").append(s.prefetched()).append(' ');
        b.append("slices [").append(s.slices().stream().map(ScheduleDifferential::slice).collect(Collectors.joining(", ")))
                .append(']');
        if (s.rejected()) b.append(" rejected");
        if (!s.emitted().isEmpty()) {
            b.append(" emitted [").append(s.emitted().stream()
                    .map(m -> m.token() < 0 ? Long.toString(m.requestId()) : m.requestId() + ":" + m.token())
                    .collect(Collectors.joining(", "))).append(']');
        }
        return b.toString();
    }

    private static String slice(Slice x) {
        return x.requestId() + "@" + x.start() + "+" + x.length();
    }

    private void diverge(Divergence d) {
        divergence = d;
        violations.add(new Violation(ID, d.step(), Violation.NO_REQUEST, d.toString()));
    }

    public Optional<Divergence> divergence() {
        return Optional.ofNullable(divergence);
    }

    @Override
    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    @Override
    public long violationCount() {
        return violations.size();
    }
}
