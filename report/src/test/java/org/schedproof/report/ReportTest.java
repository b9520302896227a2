package org.schedproof.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.spec.trace.TraceFormatException;

/** The page's shape for each kind of input, and clear errors for inputs it cannot read. */
class ReportTest {
    @TempDir
    Path tmp;

    @Test
    void clusterPageHasPerWorkerLoadAndIsSelfContained() throws IOException {
        Path dir = Runs.cluster(tmp.resolve("cluster"), "gen:poisson?requests=60&clients=3&qps=20&seed=2");
        assertThat(Inputs.classify(dir).kind()).isEqualTo(Inputs.Kind.CLUSTER);
        String html = Report.html(List.of(dir));
        assertThat(html).contains("Cluster: ", "(2 workers)", "Per-worker load", "worker 0", "worker 1");
        assertSelfContained(html);
    }

    @Test
    void inputsAreClassifiedByWhatTheyHold() throws IOException {
        Path run = Runs.simulate(tmp.resolve("run"), "fcfs", "gen:poisson?requests=20&clients=2&seed=1");
        assertThat(Inputs.classify(run).kind()).isEqualTo(Inputs.Kind.RUN);
        assertThat(Inputs.classify(run.resolve("trace.jsonl")).kind()).isEqualTo(Inputs.Kind.TRACE);
        Path compare = tmp.resolve("cmp");
        Files.createDirectories(compare);
        Files.move(run, compare.resolve("01-fcfs"));
        assertThat(Inputs.classify(compare).traces()).containsExactly(compare.resolve("01-fcfs/trace.jsonl"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> Inputs.classify(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("certificate.json");
        assertThatThrownBy(() -> Inputs.classify(tmp.resolve("nope"))).hasMessageContaining("no such file");
    }

    @Test
    void aMalformedTraceFailsWithItsFileAndLine() throws IOException {
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"type\":\"arrival\"}\n");
        assertThatThrownBy(() -> Report.html(List.of(bad))).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("bad.jsonl:1");
    }

    /** No external reference (only SVG's namespace URI), no script, and every id unique across the inline SVGs. */
    static void assertSelfContained(String html) {
        assertThat(html).doesNotContain("<script", "<link", "<img", "<iframe", "@import", "url(http");
        Matcher urls = Pattern.compile("https?://[^\"' )<]+").matcher(html);
        while (urls.find()) assertThat(urls.group()).isEqualTo("http://www.w3.org/2000/svg");
        Set<String> ids = new HashSet<>();
        Matcher m = Pattern.compile(" id=\"([^\"]+)\"").matcher(html);
        while (m.find()) assertThat(ids.add(m.group(1))).as("id " + m.group(1) + " once").isTrue();
        assertThat(html).contains("<svg");
    }
}
