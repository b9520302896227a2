package org.schedproof.engine.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/** Mooncake hash ids become shared token blocks, and a prompt costs memory per block, never per token. */
class MooncakeTest {
    @TempDir
    Path dir;

    private Workload load(String... lines) throws IOException {
        Path f = dir.resolve("m.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return Workloads.load("mooncake:" + f);
    }

    @Test
    void equalHashIdsAtEqualPositionsAreEqualTokens() throws IOException {
        Workload w = load(
                "{\"timestamp\": 0, \"input_length\": 1100, \"output_length\": 5, \"hash_ids\": [7, 8, 9]}",
                "{\"timestamp\": 1, \"input_length\": 1300, \"output_length\": 5, \"hash_ids\": [7, 8, 10]}",
                "{\"timestamp\": 2, \"input_length\": 600, \"output_length\": 5, \"hash_ids\": [11, 12]}");
        Prompt a = w.requests().get(0).prompt();
        Prompt b = w.requests().get(1).prompt();
        Prompt c = w.requests().get(2).prompt();
        for (int p = 0; p < 1024; p++) {
            assertThat(b.tokenAt(p)).as("position %d", p).isEqualTo(a.tokenAt(p));
        }
        // block 2 differs: ids 9 vs 10
        assertThat(b.tokens(1024, 1100)).isNotEqualTo(a.tokens(1024, 1100));
        // different ids at the same positions differ
        assertThat(c.tokens(0, 512)).isNotEqualTo(a.tokens(0, 512));
        assertThat(c.tokens(512, 600)).isNotEqualTo(a.tokens(512, 600));
        assertThat(a.ends()).containsExactly(512, 1024, 1100);
        assertThat(b.ends()).containsExactly(512, 1024, 1300);
    }

    @Test
    void timestampsAreMillisecondsAndTheLastBlockMayBePartial() throws IOException {
        Workload w = load("{\"timestamp\": 27, \"input_length\": 513, \"output_length\": 1, \"hash_ids\": [0, 1],"
                + " \"extra\": {\"ignored\": [1, 2]}}");
        Request r = w.requests().get(0);
        assertThat(r.arrivalUs()).isEqualTo(27_000);
        assertThat(r.prompt().ends()).containsExactly(512, 513);
        assertThat(r.maxNewTokens()).isEqualTo(1);
    }

    @Test
    void wholeConversationTraceCostsOneSegmentPerBlock() {
        Workload w = Workloads.load("builtin:mooncake-conversation");
        long segments = 0;
        long tokens = 0;
        for (Request r : w.requests()) {
            int blocks = (r.promptLength() + 511) / 512;
            assertThat(r.prompt().keys()).hasSize(blocks);
            assertThat(r.prompt().ends()).hasSize(blocks);
            segments += blocks;
            tokens += r.promptLength();
        }
        // 288,500 hash ids in the file: as many segments (12 bytes each) stand for 1.4e8 prompt tokens
        assertThat(segments).isEqualTo(288_500);
        assertThat(segments).isLessThan(tokens / 500);
    }

    @Test
    void conversationTraceReusesPrefixBlocks() {
        Workload w = Workloads.load("builtin:mooncake-conversation");
        Set<Long> seen = new HashSet<>();
        long blocks = 0;
        long repeated = 0;
        for (Request r : w.requests()) {
            for (long k : r.prompt().keys()) {
                blocks++;
                if (!seen.add(k)) {
                    repeated++;
                }
            }
        }
        // SOURCES.md: 36.6% of blocks repeat an earlier prefix
        assertThat(100.0 * repeated / blocks).isBetween(36.0, 37.2);
    }

    @Test
    void clientsOptionKeepsAConversationWithOneClient() {
        // Every request of this trace starts with hash id 0 (a shared system block): block 1 tells conversations apart.
        Workload byBlock0 = Workloads.load("builtin:mooncake-conversation?clients=8");
        assertThat(byBlock0.requests().stream().map(Request::client).distinct()).hasSize(1);

        Workload w = Workloads.load("builtin:mooncake-conversation?clients=8&client-block=1");
        Map<Long, String> clientOfConversation = new HashMap<>();
        for (Request r : w.requests()) {
            long[] keys = r.prompt().keys();
            if (keys.length > 1) {
                String previous = clientOfConversation.putIfAbsent(keys[1], r.client());
                assertThat(previous == null ? r.client() : previous).isEqualTo(r.client());
            }
        }
        assertThat(w.requests().stream().map(Request::client).distinct().sorted())
                .containsExactly("client-0", "client-1", "client-2", "client-3", "client-4", "client-5", "client-6",
                        "client-7");

        Workload synthetic = Workloads.load("builtin:mooncake-synthetic?clients=4");
        assertThat(synthetic.requests().stream().map(Request::client).distinct()).hasSize(4);
    }
}
