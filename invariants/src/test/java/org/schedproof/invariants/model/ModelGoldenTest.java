package org.schedproof.invariants.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.PromptTokens;

/**
 * The oracle's model against the golden vectors of spec/MODEL.md section 9, which the independent Python port
 * produced ({@code python3 spec/ports/python/exact_model.py golden}); the file lives with reference-engine's tests and
 * is read here as a file, not as that module's code.
 */
class ModelGoldenTest {
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        Path file = Path.of("..", "reference-engine", "src", "test", "resources", "golden", "model-tiny-seed1.json");
        golden = new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void theGoldenFileIsOfModelVersion1() {
        assertThat(golden.get("modelVersion").asInt()).isEqualTo(1);
        assertThat(golden.get("cases").size()).isEqualTo(6);
        assertThat(String.format("0x%016X", PromptTokens.mix64(1))).isEqualTo(golden.get("mix64_1").asText());
    }

    @Test
    void weightsMatchThePort() {
        for (JsonNode w : golden.get("weights")) {
            long seed = w.get("seed").asLong();
            int tensor = w.get("tensor").asInt();
            long index = w.get("index").asLong();
            int[] actual = new int[8];
            for (int j = 0; j < 8; j++) actual[j] = Weights.weight(seed, tensor, index + j);
            assertThat(actual).as("tensor %d from %d, seed %d", tensor, index, seed).containsExactly(ints(w.get("values")));
        }
    }

    @Test
    void logitsAndGreedyContinuationsMatchThePort() {
        for (JsonNode c : golden.get("cases")) {
            Model model = new Model(Shape.named(c.get("shape").asText()).orElseThrow(), c.get("seed").asLong());
            int[] prompt = ints(c.get("prompt"));
            String what = "seed " + model.seed() + ", prompt of " + prompt.length;
            Sequence s = model.newSequence();
            s.append(prompt);
            int[] logits = s.logits();
            assertThat(Arrays.copyOf(logits, 16)).as("first logits, %s", what).containsExactly(ints(c.get("logitsHead")));
            long sum = 0;
            long weighted = 0;
            for (int v = 0; v < logits.length; v++) {
                sum += logits[v];
                weighted += (v + 1L) * logits[v];
            }
            assertThat(sum).as("logit sum, %s", what).isEqualTo(c.get("logitsSum").asLong());
            assertThat(weighted).as("weighted sum, %s", what).isEqualTo(c.get("logitsWeightedSum").asLong());
            int[] continuation = new int[c.get("continuation").size()];
            for (int i = 0; i < continuation.length; i++) {
                continuation[i] = s.nextToken();
                s.append(continuation[i]);
            }
            assertThat(continuation).as("continuation, %s", what).containsExactly(ints(c.get("continuation")));
        }
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }
}
