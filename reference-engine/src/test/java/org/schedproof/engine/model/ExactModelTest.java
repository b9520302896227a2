package org.schedproof.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.ModelSpec;

/** Determinism, seeds, argmax, the KV contract and the API's argument checks. */
class ExactModelTest {
    private static final ExactModel TINY_1 = new ExactModel(ModelShape.TINY, 1);

    @Test
    void twoInstancesWithTheSameSeedAgree() {
        ExactModel again = new ExactModel(ModelShape.TINY, 1);
        for (long seed = 1; seed <= 10; seed++) {
            int[] prompt = randomPrompt(seed, 1 + new Random(seed).nextInt(30));
            assertThat(again.forward(prompt, 0, new ArrayKvStore(ModelShape.TINY, prompt.length)))
                    .as("seed %d", seed)
                    .containsExactly(TINY_1.forward(prompt, 0, new ArrayKvStore(ModelShape.TINY, prompt.length)));
        }
    }

    @Test
    void differentSeedsGiveDifferentWeightsAndLogits() {
        for (int tensor : new int[] {WeightGenerator.EMBEDDING, WeightGenerator.POSITION, WeightGenerator.OUTPUT,
                WeightGenerator.layerTensor(0, WeightGenerator.WQ), WeightGenerator.layerTensor(1, WeightGenerator.W_DOWN)}) {
            assertThat(WeightGenerator.tensor(2, tensor, 256)).as("tensor %d", tensor)
                    .isNotEqualTo(WeightGenerator.tensor(1, tensor, 256));
            assertThat(WeightGenerator.tensor(1, tensor, 256)).as("tensor %d, same seed", tensor)
                    .isEqualTo(WeightGenerator.tensor(1, tensor, 256));
        }
        assertThat(WeightGenerator.tensor(1, 0, 256)).as("tensors of one seed differ")
                .isNotEqualTo(WeightGenerator.tensor(1, 2, 256));
        ExactModel seed2 = new ExactModel(ModelShape.TINY, 2);
        int[] prompt = {1, 2, 3, 4};
        assertThat(seed2.forward(prompt, 0, new ArrayKvStore(ModelShape.TINY, 4)))
                .isNotEqualTo(TINY_1.forward(prompt, 0, new ArrayKvStore(ModelShape.TINY, 4)));
    }

    @Test
    void weightsAreInTheSpecifiedRangeAndRoughlyUniform() {
        byte[] w = WeightGenerator.tensor(7, WeightGenerator.layerTensor(0, WeightGenerator.WK), 64 * 1024);
        int[] counts = new int[64];
        for (byte b : w) {
            assertThat((int) b).isBetween(-32, 31);
            counts[b + 32]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(1024 - 200, 1024 + 200);
        }
    }

    @Test
    void argmaxTakesTheLowestIndexAmongEqualMaxima() {
        assertThat(ExactModel.argmax(new int[] {5, 5, 5})).isZero();
        assertThat(ExactModel.argmax(new int[] {1, 7, 3, 7})).isEqualTo(1);
        assertThat(ExactModel.argmax(new int[] {-9, -3, -3, -4})).isEqualTo(1);
        assertThat(ExactModel.argmax(new int[] {Integer.MIN_VALUE, Integer.MIN_VALUE})).isZero();
        assertThat(ExactModel.argmax(new int[] {0, 0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE})).isEqualTo(3);
        assertThat(ExactModel.argmax(new int[] {42})).isZero();
    }

    @Test
    void nextTokenIsTheArgmaxOfForward() {
        int[] prompt = randomPrompt(5, 12);
        int token = TINY_1.nextToken(prompt, 0, new ArrayKvStore(ModelShape.TINY, 12));
        assertThat(token).isEqualTo(ExactModel.argmax(TINY_1.forward(prompt, 0, new ArrayKvStore(ModelShape.TINY, 12))));
        assertThat(token).isBetween(0, ModelShape.TINY.vocab() - 1);
    }

    @Test
    void tokenIdsSelectEmbeddingRowsModuloVocab() {
        int[] prompt = {32767, 512, 1024, 513, 7000};
        int[] reduced = Arrays.stream(prompt).map(t -> t % 512).toArray();
        assertThat(TINY_1.forward(prompt, 0, new ArrayKvStore(ModelShape.TINY, 5)))
                .containsExactly(TINY_1.forward(reduced, 0, new ArrayKvStore(ModelShape.TINY, 5)));
    }

    @Test
    void logitsDependOnEveryEarlierTokenAndOnPosition() {
        int[] prompt = randomPrompt(11, 16);
        int[] base = TINY_1.forward(prompt, 0, new ArrayKvStore(ModelShape.TINY, 16));
        int[] changedFirst = prompt.clone();
        changedFirst[0] = (changedFirst[0] + 1) % 512;
        assertThat(TINY_1.forward(changedFirst, 0, new ArrayKvStore(ModelShape.TINY, 16))).isNotEqualTo(base);
        // the same one token at position 0 and at position 9 (after other KV) gives different K, V and logits
        ArrayKvStore kv = new ArrayKvStore(ModelShape.TINY, 10);
        int[] at0 = TINY_1.forward(new int[] {77}, 0, kv);
        byte[] k0 = Arrays.copyOfRange(kv.array(0), kv.offset(0), kv.offset(0) + 64);
        TINY_1.forward(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, kv);
        int[] at9 = TINY_1.forward(new int[] {77}, 9, kv);
        assertThat(at9).isNotEqualTo(at0);
        assertThat(Arrays.copyOfRange(kv.array(9), kv.offset(9), kv.offset(9) + 64)).isNotEqualTo(k0);
    }

    @Test
    void forwardWritesExactlyTheSlotsOfTheNewPositions() {
        ModelShape s = ModelShape.TINY;
        int slot = s.kvBytesPerPosition();
        ArrayKvStore kv = new ArrayKvStore(s, 12);
        TINY_1.forward(randomPrompt(3, 4), 0, kv);
        byte[] before = kv.array(0).clone();
        Arrays.fill(before, 4 * slot, before.length, (byte) 0x5A);
        System.arraycopy(before, 0, kv.array(0), 0, before.length);
        TINY_1.forward(randomPrompt(4, 3), 4, kv);
        byte[] after = kv.array(0);
        assertThat(Arrays.copyOfRange(after, 0, 4 * slot)).as("earlier slots untouched")
                .isEqualTo(Arrays.copyOfRange(before, 0, 4 * slot));
        assertThat(Arrays.copyOfRange(after, 7 * slot, after.length)).as("later slots untouched")
                .isEqualTo(Arrays.copyOfRange(before, 7 * slot, before.length));
        assertThat(Arrays.copyOfRange(after, 4 * slot, 7 * slot)).as("new slots written")
                .isNotEqualTo(Arrays.copyOfRange(before, 4 * slot, 7 * slot));
    }

    @Test
    void forwardRejectsBadArguments() {
        ArrayKvStore kv = new ArrayKvStore(ModelShape.TINY, 4);
        assertThatThrownBy(() -> TINY_1.forward(new int[0], 0, kv)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TINY_1.forward(new int[] {-1}, 0, kv))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token -1");
        assertThatThrownBy(() -> TINY_1.forward(new int[] {32768}, 0, kv))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32768");
        assertThatThrownBy(() -> TINY_1.forward(new int[] {1}, -1, kv)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TINY_1.forward(new int[] {1, 2, 3, 4, 5}, 0, kv))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("capacity 4");
    }

    @Test
    void ofBuildsTheNamedShape() {
        ExactModel m = ExactModel.of(ModelSpec.tiny(1));
        assertThat(m.shape()).isEqualTo(ModelShape.TINY);
        assertThat(m.seed()).isEqualTo(1);
        assertThatThrownBy(() -> ExactModel.of(ModelSpec.OFF)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExactModel.of(new ModelSpec("gpt5", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpt5");
    }

    @Test
    void shapesAreNamedAndValidated() {
        assertThat(ModelShape.named("tiny")).isEqualTo(ModelShape.TINY);
        assertThat(ModelShape.named("small")).isEqualTo(ModelShape.SMALL);
        assertThat(ModelShape.named("llama7b")).isEqualTo(ModelShape.LLAMA7B);
        assertThatThrownBy(() -> ModelShape.named("huge")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("huge").hasMessageContaining("tiny").hasMessageContaining("small")
                .hasMessageContaining("llama7b");
        assertThatThrownBy(() -> new ModelShape("odd", 512, 64, 2, 3, 128))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads");
        assertThatThrownBy(() -> new ModelShape("big", 40000, 64, 2, 4, 128))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vocab");
        assertThat(ModelShape.TINY.kvBytesPerPosition()).isEqualTo(256);
        assertThat(ModelShape.TINY.headDim()).isEqualTo(16);
        assertThat(ModelShape.SMALL.kvBytesPerPosition()).isEqualTo(2048);
        // llama7b: facts only, never built on a CPU
        assertThat(ModelShape.LLAMA7B.kvBytesPerPosition()).isEqualTo(262_144);
        assertThat(ModelShape.LLAMA7B.weightCount()).isEqualTo(6_738_149_376L);
        assertThat(ModelShape.LLAMA7B.headDim()).isEqualTo(128);
    }

    private static int[] randomPrompt(long seed, int length) {
        Random rnd = new Random(seed);
        int[] p = new int[length];
        for (int i = 0; i < length; i++) {
            p[i] = rnd.nextInt(32768);
        }
        return p;
    }
}
