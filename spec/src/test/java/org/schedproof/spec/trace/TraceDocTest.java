package org.schedproof.spec.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example in spec/TRACE.md section 1 is a valid, canonical trace, so the page cannot drift from the code. */
class TraceDocTest {
    @Test
    void theExampleInTraceMdReadsAndIsCanonical() throws IOException {
        String doc = Files.readString(Path.of("TRACE.md"));
        int start = doc.indexOf("```jsonl\n");
        assertThat(start).as("a ```jsonl block in TRACE.md").isGreaterThan(0);
        int from = start + "```jsonl\n".length();
        String example = doc.substring(from, doc.indexOf("```", from));
        List<TraceEvent> events = new ArrayList<>();
        try (TraceReader r = TraceReader.ofString(example, "TRACE.md example")) {
            r.forEachRemaining(events::add);
        }
        assertThat(events).hasSize(8);
        assertThat(new String(TraceWriter.toBytes(events), StandardCharsets.UTF_8)).isEqualTo(example);
    }
}
