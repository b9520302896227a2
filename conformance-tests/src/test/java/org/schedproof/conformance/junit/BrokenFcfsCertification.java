package org.schedproof.conformance.junit;

import java.util.Map;
import org.schedproof.conformance.certify.PolicySpec;
import org.schedproof.spec.sched.Scheduler;

/**
 * The same port with a porting bug (newest waiting request admitted first), certified the same way. Not a test of
 * this build by itself (its name is no test class name Surefire runs): {@link CertificationKitTest} runs it through
 * the JUnit Platform and asserts that its dynamic tests fail with the violations.
 */
class BrokenFcfsCertification extends SchedulerCertification {
    @Override
    protected Scheduler newScheduler() {
        return new HandWrittenFcfs(true);
    }

    @Override
    protected PolicySpec certifiedAs() {
        return new PolicySpec("fcfs", "sarathi", Map.of());
    }
}
