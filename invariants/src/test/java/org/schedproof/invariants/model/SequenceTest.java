package org.schedproof.invariants.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.ModelSpec;

/** Lazy, incremental evaluation gives the logits of evaluating the whole sequence at once (MODEL.md section 1). */
class SequenceTest {
    private static final Model TINY = Model.of(ModelSpec.tiny(1));

    @Test
    void logitsDoNotDependOnWhereTheComputationPaused() {
        long seed = 20240601;
        SplittableRandom random = new SplittableRandom(seed);
        int[] tokens = random.ints(700, 0, 32768).toArray(); // the KV arrays grow several times
        Sequence whole = TINY.newSequence();
        whole.append(tokens);
        Sequence paused = TINY.newSequence();
        for (int i = 0; i < tokens.length; i++) {
            paused.append(tokens[i]);
            if (random.nextInt(50) == 0) paused.logits();
        }
        assertThat(paused.logits()).as("seed %d", seed).containsExactly(whole.logits());
        assertThat(whole.nextToken()).isEqualTo(Model.argmax(whole.logits())).isBetween(0, 511);
    }

    @Test
    void anIdSelectsItsEmbeddingRowModuloTheVocabulary() {
        Sequence a = TINY.newSequence();
        a.append(new int[] {3, 600});
        Sequence b = TINY.newSequence();
        b.append(new int[] {3, 600 % 512});
        assertThat(a.logits()).containsExactly(b.logits());
    }

    @Test
    void argmaxBreaksTiesToTheLowestIndex() {
        assertThat(Model.argmax(new int[] {1, 5, 5, 2})).isEqualTo(1);
        assertThat(Model.argmax(new int[] {-3, -3})).isZero();
    }

    @Test
    void refusesIdsOutsideTheTokenSpaceAndAnEmptySequence() {
        Sequence s = TINY.newSequence();
        assertThatThrownBy(() -> s.append(32768)).hasMessageContaining("outside [0, 32768)");
        assertThatThrownBy(() -> s.append(-1)).hasMessageContaining("outside");
        assertThatThrownBy(s::logits).hasMessageContaining("empty");
        assertThatThrownBy(() -> Model.of(new ModelSpec("huge", 1))).hasMessageContaining("huge@1");
    }
}
