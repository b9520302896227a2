package org.schedproof.conformance.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.schedproof.conformance.suite.Suites;

/**
 * The JUnit 5 kit run through the JUnit Platform (as a port's own build would run it): a broken port's dynamic tests
 * fail with the violation as the message, one test per workload x invariant, and what the bug does not break passes.
 */
class CertificationKitTest {
    @Test
    void aBrokenPortsDynamicTestsFailWithTheViolation() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(BrokenFcfsCertification.class))
                .execute().testEvents();
        int workloads = Suites.QUICK.suite().workloads().size();
        // per workload: run + the 30 checkers + DIFF-SCHEDULE, less the n/a ones, which the run's test names
        List<String> runs = names(tests.finished().list()).stream().filter(n -> n.startsWith(Certification.RUN)).toList();
        long na = 0;
        for (String run : runs) na += run.contains("n/a here: ") ? run.substring(run.indexOf(": ") + 2).split(", ").length : 0;
        assertThat(tests.finished().count()).isEqualTo(workloads * 32L - na);
        assertThat(tests.succeeded().list().stream().filter(e -> e.getTestDescriptor().getDisplayName()
                .startsWith(Certification.RUN)).count()).isEqualTo(workloads);
        List<Event> failed = tests.failed().list();
        assertThat(failed).isNotEmpty();
        Optional<String> order = message(failed, "ORDER-FCFS");
        assertThat(order).as("ORDER-FCFS fails").isPresent();
        assertThat(order.get()).contains("ORDER-FCFS on ").contains("violation");
        Optional<String> diff = message(failed, "DIFF-SCHEDULE");
        assertThat(diff).as("DIFF-SCHEDULE fails").isPresent();
        assertThat(diff.get()).contains("reference batch: ").contains("candidate batch: ").contains("slices [");
        // the bug reorders admissions: budgets, KV and conservation still hold
        assertThat(names(tests.succeeded().list())).contains("SAFE-BUDGET", "SAFE-KV", "SAFE-CONSERVATION");
        assertThat(names(failed)).doesNotContain("SAFE-BUDGET", "SAFE-KV", "SAFE-CONSERVATION");
        // n/a invariants get no test (neither passed nor skipped): the run's test names them
        assertThat(tests.aborted().count()).isZero();
        assertThat(names(tests.list())).doesNotContain("FAIR-VTC-SELECT", "ORDER-LPM");
        assertThat(runs).allMatch(n -> n.contains("FAIR-VTC-SELECT") && n.contains("ORDER-LPM"));
    }

    private static List<String> names(List<Event> events) {
        return events.stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }

    private static Optional<String> message(List<Event> failed, String id) {
        return failed.stream().filter(e -> e.getTestDescriptor().getDisplayName().equals(id))
                .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage).orElse(""))
                .findFirst();
    }
}
