package org.schedproof.conformance.junit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.schedproof.conformance.certify.Certificate;
import org.schedproof.conformance.certify.Certifier;
import org.schedproof.conformance.certify.Level;
import org.schedproof.conformance.certify.PolicySpec;
import org.schedproof.conformance.suite.Suite;
import org.schedproof.conformance.suite.SuiteWorkload;
import org.schedproof.conformance.suite.Suites;
import org.schedproof.spec.sched.Scheduler;

/**
 * A Java scheduler certified from a JUnit 5 test: the suite as dynamic tests, one container per workload (run when
 * JUnit reaches it) holding one test for the run itself and one per invariant of the level, each failing with the
 * first violation (for DIFF-SCHEDULE: the step, the reference's batch and the candidate's). Invariants that are n/a
 * there (spec/LEVELS.md) get no test, so a port's build reports no skipped tests for them: the run's test names them.
 * The scheduler runs in process on the reference engine, a fresh one per workload.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> certification() {
 *     return Certification.of(MyFcfs::new).as("fcfs", "sarathi").level(Level.L3).suite("quick").tests();
 * }
 * }</pre>
 * or extend {@link SchedulerCertification}.
 */
public final class Certification {
    private final Supplier<? extends Scheduler> candidate;
    private PolicySpec as;
    private Level level = Level.L3;
    private Suite suite = Suites.QUICK.suite();
    private Path traces;

    private Certification(Supplier<? extends Scheduler> candidate) {
        this.candidate = Objects.requireNonNull(candidate, "candidate");
    }

    /** Certifies the schedulers {@code candidate} makes (one per workload: schedulers hold one run's state). */
    public static Certification of(Supplier<? extends Scheduler> candidate) {
        return new Certification(candidate);
    }

    /** Certified as reference policy {@code policy} under {@code batching} with its default parameters. */
    public Certification as(String policy, String batching) {
        return as(new PolicySpec(policy, batching, Map.of()));
    }

    /** Certified as this reference policy and parameters: its checkers apply, and L3 compares with it. */
    public Certification as(PolicySpec policy) {
        this.as = Objects.requireNonNull(policy, "policy");
        return this;
    }

    public Certification level(Level l) {
        this.level = Objects.requireNonNull(l, "level");
        return this;
    }

    /** A suite by name ({@code quick}, {@code full}). */
    public Certification suite(String name) {
        this.suite = Suites.named(name);
        return this;
    }

    /** Keeps each workload's trace under {@code dir}/ID/trace.jsonl (default: nothing written). */
    public Certification keepTracesIn(Path dir) {
        this.traces = dir;
        return this;
    }

    /** The dynamic tests: one container per workload of the suite. */
    public Stream<DynamicNode> tests() {
        if (as == null) throw new IllegalStateException("say which reference policy the scheduler is certified as: as(...)");
        List<DynamicNode> out = new ArrayList<>();
        for (SuiteWorkload sw : suite.workloads()) {
            String name = sw.id() + " [" + suite.label() + ": " + sw.address() + " limit " + sw.limit() + "]";
            out.add(DynamicContainer.dynamicContainer(name, Stream.of(sw).flatMap(this::judged)));
        }
        return out.stream();
    }

    /** The display name of each workload's test of the run itself (then the n/a invariants, if any). */
    static final String RUN = "run";

    private Stream<DynamicNode> judged(SuiteWorkload sw) {
        Certificate.WorkloadResult r = Certifier.judge(sw, as, level, Certifier.Candidate.inProcess(candidate), false,
                traces == null ? null : traces.resolve(sw.id()), false, new Certifier.Listener() {}).result();
        List<DynamicNode> tests = new ArrayList<>();
        List<String> na = new ArrayList<>();
        for (Certificate.InvariantResult x : r.results()) {
            if (x.status().equals(Certificate.InvariantResult.NA)) na.add(x.id());
            else tests.add(DynamicTest.dynamicTest(x.id(), () -> verdict(sw, r, x)));
        }
        String run = na.isEmpty() ? RUN : RUN + " (n/a here: " + String.join(", ", na) + ")";
        tests.add(0, DynamicTest.dynamicTest(run, () -> {
            if (!r.run().passed()) Assertions.fail(sw.id() + ": " + r.run().failure());
        }));
        return tests.stream();
    }

    private static void verdict(SuiteWorkload sw, Certificate.WorkloadResult r, Certificate.InvariantResult x) {
        switch (x.status()) {
            case Certificate.InvariantResult.PASS -> { }
            case Certificate.InvariantResult.FAIL -> Assertions.fail(message(sw, r, x));
            default -> Assumptions.abort(x.id() + " not run: " + r.run().failure());
        }
    }

    /** The failure message: the invariant, how many violations, the first, and for L3 the divergence in full. */
    static String message(SuiteWorkload sw, Certificate.WorkloadResult r, Certificate.InvariantResult x) {
        StringBuilder b = new StringBuilder(x.id()).append(" on ").append(sw.id()).append(": ").append(x.violations())
                .append(x.violations() == 1 ? " violation" : " violations").append("; the first: ").append(x.firstViolation());
        if (r.divergence() != null && x.id().equals(org.schedproof.conformance.certify.ScheduleDifferential.ID)) {
            b.append("\n  reference batch: ").append(r.divergence().referenceBatch())
                    .append("\n  candidate batch: ").append(r.divergence().candidateBatch());
        }
        return b.toString();
    }
}
