package org.schedproof.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.model.ArrayKvStore;
import org.schedproof.engine.model.ExactModel;
import org.schedproof.engine.model.ModelShape;
import org.schedproof.invariants.model.Model;
import org.schedproof.invariants.model.Sequence;
import org.schedproof.invariants.model.Shape;
import org.schedproof.spec.PromptTokens;

/**
 * The token oracle's model (invariants, written from spec/MODEL.md) and the reference engine's give the same logits
 * and greedy continuations, bit for bit, on seeded random prompts: two implementations that share no code.
 */
class OracleModelAgreesWithReferenceTest {
    private static final int CONTINUATION = 6;

    @Test
    void tinyAgreesOnSeededPromptsUpToSixHundredTokensAndThreeWeightSeeds() {
        for (long weights : new long[] {1, 2, -7}) {
            Model oracle = new Model(Shape.TINY, weights);
            ExactModel reference = new ExactModel(ModelShape.TINY, weights);
            for (long seed = 1; seed <= 12; seed++) {
                int length = 1 + new SplittableRandom(seed).nextInt(seed <= 9 ? 80 : 600);
                agree(oracle, reference, seed, length);
            }
        }
    }

    @Test
    void smallAgreesOnSeededPrompts() {
        Model oracle = new Model(Shape.SMALL, 3);
        ExactModel reference = new ExactModel(ModelShape.SMALL, 3);
        for (long seed = 1; seed <= 2; seed++) agree(oracle, reference, seed, 10 + new SplittableRandom(seed).nextInt(40));
    }

    private static void agree(Model oracle, ExactModel reference, long seed, int length) {
        int[] prompt = new SplittableRandom(seed).ints(length, 0, PromptTokens.TOKEN_SPACE).toArray();
        String what = oracle.shape().name() + "@" + oracle.seed() + ", prompt seed " + seed + " of " + length + " tokens";
        ArrayKvStore kv = new ArrayKvStore(reference.shape(), length + CONTINUATION);
        Sequence s = oracle.newSequence();
        s.append(prompt);
        int[] logits = reference.forward(prompt, 0, kv);
        assertThat(s.logits()).as("prompt logits, %s", what).containsExactly(logits);
        for (int i = 0; i < CONTINUATION; i++) {
            int next = ExactModel.argmax(logits);
            assertThat(s.nextToken()).as("token %d of the continuation, %s", i, what).isEqualTo(next);
            s.append(next);
            logits = reference.forward(new int[] {next}, length + i, kv);
        }
        assertThat(s.logits()).as("last logits, %s", what).containsExactly(logits);
    }
}
