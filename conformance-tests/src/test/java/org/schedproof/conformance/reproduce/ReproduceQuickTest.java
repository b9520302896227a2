package org.schedproof.conformance.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.schedproof.spec.trace.TraceEvent;

/**
 * The build's variant of every reproduction experiment (its file's {@code quick} block: fewer requests, the headline
 * point, the subject and baseline arms): every run passes every checker and completes, and the paper's direction holds
 * at the headline point with a wide margin (the subject at least 5% better than the baseline), or, for a claim the
 * full run does not reproduce ({@code quick.expect = no-loss}), the subject loses at most 10%. The full runs and their
 * magnitudes are in REPRODUCTION.md.
 */
class ReproduceQuickTest {
    @TempDir
    Path tmp;

    static final java.util.List<String> NAMES = Experiments.NAMES;

    @ParameterizedTest(name = "{0}")
    @FieldSource("NAMES")
    void quickVariantRunsCleanAndShowsThePapersDirection(String name) {
        Experiment e = Experiments.load(name).quickVariant();
        ExperimentResult r = new Runner(e, tmp.resolve(name), new Runner.Listener() {
            @Override
            public Consumer<TraceEvent> starting(String label, int requests) {
                return x -> {};
            }

            @Override
            public void finished(RunResult result) {}
        }).run();
        for (RunResult run : r.runs()) {
            assertThat(run.clean()).as("%s %s %s @ %s: %s", name, run.point(), run.arm(), run.rate(), run.checked()).isTrue();
        }
        double gain = r.gain(r.headline());
        System.out.printf("reproduce %s (quick): %.2fx at %s, %d runs, %.1f s%n", name, gain, r.headline(),
                r.runs().size(), r.wallMs() / 1000.0);
        assertThat(gain).as("%s: gain of %s over %s at %s", name, e.subject(), e.baseline(), r.headline())
                .isGreaterThan(e.quick().expect().equals("better") ? 1.05 : 0.9);
    }
}
