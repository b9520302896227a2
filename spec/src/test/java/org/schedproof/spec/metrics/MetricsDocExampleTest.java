package org.schedproof.spec.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.trace.TraceReader;

/** METRICS.md section 15: the worked example on the trace of TRACE.md section 1. */
class MetricsDocExampleTest {
    @Test
    void workedExample() throws IOException {
        String doc = Files.readString(Path.of("TRACE.md"));
        int from = doc.indexOf("```jsonl\n") + "```jsonl\n".length();
        String example = doc.substring(from, doc.indexOf("```", from));
        MetricsCollector c = new MetricsCollector();
        try (TraceReader r = TraceReader.ofString(example, "TRACE.md example")) {
            r.forEachRemaining(c);
        }
        Summary s = c.summary();
        assertThat(s.ttftUs()).isEqualTo(new Distribution(2, 6612, 6612, 13130, 13130, 13130, 9871));
        assertThat(s.tbtUs()).isEqualTo(new Distribution(1, 6618, 6618, 6618, 6618, 6618, 6618));
        assertThat(s.e2eUs()).isEqualTo(new Distribution(2, 13130, 13130, 13230, 13230, 13230, 13180));
        assertThat(s.meanNormalizedUs()).isEqualTo(9872.5);
        assertThat(s.durationUs()).isEqualTo(13230);
        assertThat(s.requestsPerSecond()).isCloseTo(151.17, within(0.005));
        assertThat(s.tokensPerSecond()).isCloseTo(226.76, within(0.005));
        assertThat(s.admissions()).isEqualTo(2);
        assertThat(s.admittedTokens()).isEqualTo(44);
        assertThat(s.hitTokens()).isEqualTo(16);
        assertThat(s.serviceByClient()).containsExactly(Map.entry("alice", 24L), Map.entry("bob", 10L));
        assertThat(s.maxServiceGap()).isEqualTo(Summary.ServiceGap.NONE);
        assertThat(s.jainIndex()).isCloseTo(1156.0 / 1352, within(1e-15));
        assertThat(String.format(java.util.Locale.ROOT, "%.4f", s.jainIndex())).isEqualTo("0.8550");
        assertThat(s.preemptions()).isZero();
        assertThat(s.violations()).isZero();
    }
}
