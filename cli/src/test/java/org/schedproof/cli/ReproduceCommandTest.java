package org.schedproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schedproof reproduce}: the quick DLPM experiment end to end, and a bad name. */
class ReproduceCommandTest {
    @TempDir
    Path tmp;

    @Test
    void quickDlpmWritesItsTableCsvTracesAndReproductionMd() throws IOException {
        CliTest.Result r = CliTest.run("reproduce", "dlpm", "--quick", "--out", tmp.toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("reproduced", "checks pass");
        String md = Files.readString(tmp.resolve("REPRODUCTION.md"));
        assertThat(md).contains("| 1 |", "2.87x", "**reproduced**", "2/2 runs clean", "Why the magnitude differs");
        assertThat(Files.readString(tmp.resolve("dlpm/runs.csv")).lines()).hasSize(3);
        assertThat(tmp.resolve("dlpm/table.md")).exists();
        try (Stream<Path> traces = Files.list(tmp.resolve("dlpm/traces"))) {
            assertThat(traces.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "headline__vtc.jsonl.gz", "headline__dlpm.jsonl.gz");
        }
    }

    @Test
    void anUnknownExperimentIsBadInputNamingTheKnownOnes() {
        CliTest.Result r = CliTest.run("reproduce", "vllm", "--out", tmp.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown experiment 'vllm'", "dlpm", "alise");
    }
}
