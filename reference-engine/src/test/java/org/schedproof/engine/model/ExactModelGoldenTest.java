package org.schedproof.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.PromptTokens;

/**
 * The Java model against golden vectors produced by the independent Python port of spec/MODEL.md
 * ({@code python3 spec/ports/python/exact_model.py golden}; MODEL.md section 9).
 */
class ExactModelGoldenTest {
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ExactModelGoldenTest.class.getResourceAsStream("/golden/model-tiny-seed1.json")) {
            assertThat(in).as("golden/model-tiny-seed1.json on the test classpath").isNotNull();
            golden = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void goldenFileIsForThisModelVersion() {
        assertThat(golden.get("modelVersion").asInt()).isEqualTo(1);
        assertThat(golden.get("cases").size()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void mix64MatchesThePort() {
        assertThat(String.format("0x%016X", PromptTokens.mix64(1))).isEqualTo(golden.get("mix64_1").asText());
    }

    @Test
    void generatedWeightsMatchThePort() {
        for (JsonNode w : golden.get("weights")) {
            long seed = w.get("seed").asLong();
            int tensor = w.get("tensor").asInt();
            long index = w.get("index").asLong();
            int[] expected = ints(w.get("values"));
            int[] actual = new int[expected.length];
            for (int j = 0; j < actual.length; j++) {
                actual[j] = WeightGenerator.value(seed, tensor, index + j);
            }
            assertThat(actual).as("weights of tensor %d from index %d, seed %d", tensor, index, seed)
                    .containsExactly(expected);
        }
    }

    @Test
    void logitsAndGreedyContinuationsMatchThePort() {
        Map<Long, ExactModel> models = new HashMap<>();
        for (JsonNode c : golden.get("cases")) {
            long seed = c.get("seed").asLong();
            ModelShape shape = ModelShape.named(c.get("shape").asText());
            ExactModel model = models.computeIfAbsent(seed, s -> new ExactModel(shape, s));
            int[] prompt = ints(c.get("prompt"));
            int[] expectedContinuation = ints(c.get("continuation"));
            String what = "seed " + seed + ", prompt of " + prompt.length + " tokens "
                    + Arrays.toString(Arrays.copyOf(prompt, Math.min(prompt.length, 8))).replace("]", prompt.length > 8 ? ", ...]" : "]");

            ArrayKvStore kv = new ArrayKvStore(shape, prompt.length + expectedContinuation.length);
            int[] logits = model.forward(prompt, 0, kv);
            assertThat(Arrays.copyOf(logits, 16)).as("first 16 logits, %s", what)
                    .containsExactly(ints(c.get("logitsHead")));
            long sum = 0, weighted = 0;
            for (int v = 0; v < logits.length; v++) {
                sum += logits[v];
                weighted += (v + 1L) * logits[v];
            }
            assertThat(sum).as("logit sum, %s", what).isEqualTo(c.get("logitsSum").asLong());
            assertThat(weighted).as("weighted logit sum, %s", what).isEqualTo(c.get("logitsWeightedSum").asLong());

            int[] continuation = new int[expectedContinuation.length];
            for (int s = 0; s < continuation.length; s++) {
                continuation[s] = ExactModel.argmax(logits);
                if (s + 1 < continuation.length) {
                    logits = model.forward(new int[] {continuation[s]}, prompt.length + s, kv);
                }
            }
            assertThat(continuation).as("greedy continuation, %s", what).containsExactly(expectedContinuation);
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
