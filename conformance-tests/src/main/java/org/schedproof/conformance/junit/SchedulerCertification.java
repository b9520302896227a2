package org.schedproof.conformance.junit;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.schedproof.conformance.certify.Level;
import org.schedproof.conformance.certify.PolicySpec;
import org.schedproof.spec.sched.Scheduler;

/**
 * A Java port's certification as one test class: extend this, say how to make the scheduler and which reference
 * policy it is certified as, and JUnit runs the suite as dynamic tests ({@link Certification}).
 *
 * <pre>{@code
 * class MyFcfsCertificationTest extends SchedulerCertification {
 *     protected Scheduler newScheduler() { return new MyFcfs(); }
 *     protected PolicySpec certifiedAs() { return new PolicySpec("fcfs", "sarathi", Map.of()); }
 * }
 * }</pre>
 */
public abstract class SchedulerCertification {
    /** A fresh scheduler: called once per workload. */
    protected abstract Scheduler newScheduler();

    /** The reference policy, former and parameters the scheduler is certified as. */
    protected abstract PolicySpec certifiedAs();

    /** The level to certify: L3 (the same schedule as the reference) unless overridden. */
    protected Level level() {
        return Level.L3;
    }

    /** The suite: {@code quick} unless overridden ({@code full} is the one to cite). */
    protected String suite() {
        return "quick";
    }

    @TestFactory
    public Stream<DynamicNode> certification() {
        return Certification.of(this::newScheduler).as(certifiedAs()).level(level()).suite(suite()).tests();
    }
}
