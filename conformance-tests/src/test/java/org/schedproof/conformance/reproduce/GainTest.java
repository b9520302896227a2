package org.schedproof.conformance.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.metrics.MetricsCollector;

/** How a gain is read in each direction, and the per-client ratio (hand-computed figures). */
class GainTest {
    private static RunResult withClients(Map<String, Double> meanE2eUs) {
        return new RunResult("p", "a", Double.NaN, new MetricsCollector().summary(), meanE2eUs, 0, Double.NaN, 0,
                Double.NaN, RunResult.PASS, List.of());
    }

    @Test
    void aGainAboveOneMeansBetterInTheMeasuresDirection() {
        assertThat(Measure.TOKENS_PER_SECOND.gain(300, 100)).isEqualTo(3.0);
        assertThat(Measure.E2E_MEAN.gain(10, 30)).isEqualTo(3.0);
        assertThat(Measure.TBT_P99.gain(200, 100)).isEqualTo(0.5);
    }

    @Test
    void perClientGainIsTheLargestRatioWithTheGeometricMeanAndCount() {
        RunResult subject = withClients(Map.of("a", 2e6, "b", 1e6, "c", 4e6));
        RunResult baseline = withClients(Map.of("a", 8e6, "b", 1e6, "c", 2e6));
        double[] g = ExperimentResult.perClient(subject, baseline);
        assertThat(g[0]).isEqualTo(4.0); // client a: 8 s / 2 s
        assertThat(g[1]).isCloseTo(Math.cbrt(4.0 * 1.0 * 0.5), within(1e-12));
        assertThat(g[2]).isEqualTo(1); // only a is strictly faster
        assertThat(g[3]).isEqualTo(3);
    }

    @Test
    void spanOverArrivalsIsOneWithoutArrivals() {
        assertThat(Measure.SPAN_OVER_ARRIVALS.of(withClients(Map.of()))).isEqualTo(1.0);
    }
}
