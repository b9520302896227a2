package org.schedproof.conformance.junit;

import java.util.Map;
import org.schedproof.conformance.certify.PolicySpec;
import org.schedproof.spec.sched.Scheduler;

/**
 * What a Java port's build holds to certify itself: one class. A scheduler that is not in the reference registry
 * (a hand-written FCFS over stall-free batching) certified at L3 against {@code fcfs/sarathi} on the quick suite,
 * one dynamic test per workload x invariant.
 */
class HandWrittenFcfsCertificationTest extends SchedulerCertification {
    @Override
    protected Scheduler newScheduler() {
        return new HandWrittenFcfs(false);
    }

    @Override
    protected PolicySpec certifiedAs() {
        return new PolicySpec("fcfs", "sarathi", Map.of());
    }
}
