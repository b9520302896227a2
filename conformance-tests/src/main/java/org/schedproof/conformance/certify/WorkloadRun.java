package org.schedproof.conformance.certify;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.conformance.protocol.PortFailure;
import org.schedproof.invariants.CheckResult;
import org.schedproof.invariants.Checker;
import org.schedproof.invariants.Checkers;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.trace.TraceEvent;

/**
 * The judging of one workload's trace as it streams by: every checker (and at L3 the schedule differential), the run
 * counts, how the run ended; {@link #result} turns it into the certificate's entry for the workload.
 */
final class WorkloadRun {
    final TraceCheck.Online online;
    final RunStats.Counter counter = new RunStats.Counter();
    final ScheduleDifferential diff;
    boolean sawHeader;
    TraceEvent.End end;
    PortFailure failure;
    String portName;
    String tracePath;
    boolean stderrKept;

    WorkloadRun(ScheduleDifferential diff) {
        this.diff = diff;
        List<Checker> checkers = Checkers.all();
        if (diff != null) checkers.add(diff);
        this.online = new TraceCheck.Online(checkers);
    }

    void accept(TraceEvent e) {
        if (e instanceof TraceEvent.Header) sawHeader = true;
        if (e instanceof TraceEvent.End x) end = x;
        online.accept(e);
        counter.accept(e);
    }

    Certificate.WorkloadResult result(String id, String address, String digest, Long seed, EngineConfig config,
                                      String folder, Level level) {
        if (!sawHeader) return withoutTrace(id, address, digest, seed, config, folder, level);
        TraceCheck.Report report = online.report();
        Certificate.Verdict verdict = failure == null ? null
                : new Certificate.Verdict(failure.verdict(), failure.step(), failure.message());
        Certificate.RunResult run = new Certificate.RunResult(end == null ? null : end.reason(),
                report.steps(), end == null ? 0 : end.completed(), report.rejectedSteps(),
                report.engineViolations(), runFailure(report));
        List<Certificate.InvariantResult> rows = new ArrayList<>();
        for (CheckResult c : report.results()) {
            if (!level.judges(c.id())) continue;
            rows.add(row(c));
        }
        return new Certificate.WorkloadResult(id, address, digest, seed, config, null,
                tracePath == null ? null : folder + tracePath, stderrKept ? folder + "port.stderr.log" : null,
                verdict, run, counter.stats(), rows,
                diff == null ? null : diff.divergence().orElse(null));
    }

    /** A run that never started (a port's handshake failed): no trace, every invariant not run. */
    private Certificate.WorkloadResult withoutTrace(String id, String address, String digest, Long seed,
                                                    EngineConfig config, String folder, Level level) {
        List<Certificate.InvariantResult> rows = new ArrayList<>();
        for (Checkers c : Checkers.values()) {
            if (level.judges(c.id())) rows.add(new Certificate.InvariantResult(c.id(), Certificate.InvariantResult.NOT_RUN, 0, null));
        }
        if (diff != null) rows.add(new Certificate.InvariantResult(ScheduleDifferential.ID, Certificate.InvariantResult.NOT_RUN, 0, null));
        Certificate.Verdict verdict = failure == null ? null
                : new Certificate.Verdict(failure.verdict(), failure.step(), failure.message());
        String why = failure != null ? "protocol verdict " + failure : "the run wrote no trace";
        return new Certificate.WorkloadResult(id, address, digest, seed, config, null, null,
                stderrKept ? folder + "port.stderr.log" : null, verdict,
                new Certificate.RunResult(null, 0, 0, 0, 0, why), counter.stats(), rows, null);
    }

    private String runFailure(TraceCheck.Report report) {
        if (failure != null) return "protocol verdict " + failure;
        if (end == null) return "the trace has no end line";
        if (report.rejectedSteps() > 0) {
            return "the engine rejected " + report.rejectedSteps() + " batch(es) with " + report.engineViolations()
                    + " violation(s) of the legal-batch rules";
        }
        if (!end.reason().equals(TraceEvent.End.DONE)) return "the run ended '" + end.reason() + "', not 'done'";
        return null;
    }

    private static Certificate.InvariantResult row(CheckResult c) {
        String status = switch (c.status()) {
            case PASS -> Certificate.InvariantResult.PASS;
            case FAIL -> Certificate.InvariantResult.FAIL;
            case NOT_APPLICABLE -> Certificate.InvariantResult.NA;
        };
        return new Certificate.InvariantResult(c.id(), status, c.violationCount(),
                c.first().isEmpty() ? null : c.first().get(0).toString());
    }
}
