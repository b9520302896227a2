package org.schedproof.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.schedproof.conformance.fuzz.hunt.GapMeter;
import org.schedproof.conformance.mutants.Gallery;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.invariants.CheckResult;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.sched.Scheduler;

/**
 * The bound hunter's meter agrees with the independent checker on every run: observed / bound exceeds 1 exactly when
 * the checker of that bound fails, on reference policies (which hold their bounds) and on mutants that break them.
 */
class GapMeterTest {
    @ParameterizedTest(name = "{0} judged by {1}")
    @CsvSource({
        "dlpm, FAIR-DLPM-GAP",
        "vtc, FAIR-VTC-GAP",
        "mutant:dlpm-forgives-debt, FAIR-DLPM-GAP",
        "mutant:vtc-without-lift, FAIR-VTC-GAP",
        "mutant:vtc-ignores-weights, FAIR-VTC-GAP",
    })
    void theRatioExceedsOneExactlyWhenTheCheckerFails(String target, String checker) {
        int measured = 0;
        int exceeded = 0;
        for (long k = 0; k < 100; k++) {
            FuzzCase c = Campaign.generate(11, k, 40);
            Scheduler s = target.startsWith("mutant:") ? Gallery.byName(target.substring(7)).create()
                    : Schedulers.create(target, "sarathi", c.paramsFor(target));
            GapMeter meter = new GapMeter();
            TraceCheck.Online checks = TraceCheck.online();
            Consumer<org.schedproof.spec.trace.TraceEvent> both = e -> {
                meter.accept(e);
                checks.accept(e);
            };
            new Engine(c.config(), s, both).run(c.workload().requests(), c.workload().name(), c.workload().digest());
            CheckResult r = checks.report().get(checker);
            boolean fails = r.status() == CheckResult.Status.FAIL;
            assertThat(meter.best().ratio() > 1).as("case %d (%s): meter %s, checker %s", k, c.recipe(), meter.best(), r)
                    .isEqualTo(fails);
            if (meter.best().ratio() > 0) measured++;
            if (fails) exceeded++;
        }
        assertThat(measured).as("cases with two clients backlogged together").isGreaterThan(10);
        if (!target.startsWith("mutant:")) assertThat(exceeded).isZero();
    }
}
