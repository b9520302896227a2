package org.schedproof.engine.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WorkloadWriter + the schedproof: format replay any workload exactly, and refuse damaged files. */
class NativeFormatTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gen:multiturn?requests=300&system=32&clients=3&seed=11", "gen:system-prompt?requests=50",
        "gen:bursty?requests=100&seed=-4", "builtin:vtc"})
    void writtenWorkloadsReplayExactly(String address) throws IOException {
        Workload w = Workloads.load(address);
        for (String name : List.of("w.jsonl", "w.jsonl.gz")) {
            Path f = dir.resolve(name);
            WorkloadWriter.write(w, f);
            Workload back = Workloads.load("schedproof:" + f);
            assertThat(back.requests()).as(address).isEqualTo(w.requests());
            assertThat(back.digest()).as(address).isEqualTo(w.digest());
        }
    }

    @Test
    void mooncakeBlocksSurviveTheRoundTrip() {
        Workload w = Workloads.load("builtin:mooncake-synthetic", 500);
        Path f = dir.resolve("m.jsonl");
        WorkloadWriter.write(w, f);
        assertThat(Workloads.load("schedproof:" + f).digest()).isEqualTo(w.digest());
        assertThat(Workloads.load("schedproof:" + f, 20).digest()).isEqualTo(w.limit(20).digest());
    }

    @Test
    void damagedFilesAreRefusedWithTheirLine() throws IOException {
        Workload w = Workloads.load("gen:poisson?requests=5");
        Path f = dir.resolve("w.jsonl");
        WorkloadWriter.write(w, f);
        List<String> lines = Files.readAllLines(f);

        Path cut = dir.resolve("cut.jsonl");
        Files.write(cut, lines.subList(0, 4));
        assertThatThrownBy(() -> Workloads.load("schedproof:" + cut)).isInstanceOf(WorkloadException.class)
                .hasMessage(cut + ":1: field 'requests': says 5 but the file has 3 (truncated file?)");

        Path edited = dir.resolve("edited.jsonl");
        List<String> changed = new ArrayList<>(lines);
        changed.set(3, changed.get(3).replace("\"max_new_tokens\":", "\"max_new_tokens\":1"));
        Files.write(edited, changed);
        assertThatThrownBy(() -> Workloads.load("schedproof:" + edited)).isInstanceOf(WorkloadException.class)
                .hasMessageStartingWith(edited + ":1: field 'digest': says " + w.digest() + " but the requests digest to");

        Path swapped = dir.resolve("swapped.jsonl");
        List<String> order = new ArrayList<>(lines);
        order.set(2, lines.get(3));
        order.set(3, lines.get(2));
        Files.write(swapped, order);
        assertThatThrownBy(() -> Workloads.load("schedproof:" + swapped)).isInstanceOf(WorkloadException.class)
                .hasMessage(swapped + ":3: field 'id': expected 1 (ids are 0..n-1 in file order), got 2");

        Path badEnds = dir.resolve("ends.jsonl");
        Files.write(badEnds, List.of(lines.get(0).replaceAll("\"requests\":5", "\"requests\":1").replaceAll(",\"digest\":\"[^\"]*\"", ""),
                "{\"id\":0,\"client\":\"a\",\"arrival_us\":0,\"max_new_tokens\":1,\"keys\":[1,2],\"ends\":[5,5]}"));
        assertThatThrownBy(() -> Workloads.load("schedproof:" + badEnds)).isInstanceOf(WorkloadException.class)
                .hasMessage(badEnds + ":2: field 'ends': element 1: must be greater than the previous end 5, got 5");

        Path noHeader = dir.resolve("noheader.jsonl");
        Files.write(noHeader, lines.subList(1, 3));
        assertThatThrownBy(() -> Workloads.load("schedproof:" + noHeader)).isInstanceOf(WorkloadException.class)
                .hasMessage(noHeader + ":1: field 'schema': missing (the first line must be the header)");
    }
}
