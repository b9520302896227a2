package org.schedproof.gpu.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.ltr.Ltr;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.StepOutcome;

class IndexedLtrTest {
    private static StepOutcome ran(long step, long id) {
        return new StepOutcome(step, 0, 1, List.of(new Slice(id, 0, 1)), List.of(), List.of(), List.of(), false);
    }

    /** Starvation control with S = 2, P = 1, derived by hand from StarvationControl's rules; the view is not read. */
    @Test
    void promotesAfterThresholdIdleStepsAndDemotesOnceItsQuantumIsSpent() {
        IndexedLtr q = new IndexedLtr(Ltr.Starvation.ON, 2, 1);
        q.arrived(new Ltr.Rank(1, 0, 0)); // A
        q.arrived(new Ltr.Rank(2, 0, 1)); // B
        assertThat(q.review(null)).isZero();
        q.stepEnded(ran(0, 0)); // A ran: A idle 0, B idle 1
        assertThat(q.review(null)).isZero();
        q.stepEnded(ran(1, 0)); // B idle 2 >= S
        assertThat(q.review(null)).isEqualTo(1);
        assertThat(q.promoted(1)).isTrue();
        assertThat(q.promoted(0)).isFalse();
        assertThat(q.review(null)).as("a second review in the same step changes nothing").isEqualTo(1);
        q.stepEnded(ran(2, 1)); // B ran once: runs 0; A idle 1
        assertThat(q.review(null)).isZero();
        assertThat(q.promoted(1)).isFalse();
        q.stepEnded(ran(3, 1)); // A idle 2 >= S
        assertThat(q.review(null)).isEqualTo(1);
        assertThat(q.promoted(0)).isTrue();
    }

    @Test
    void offNeverPromotes() {
        IndexedLtr q = new IndexedLtr(Ltr.Starvation.OFF, 1, 1);
        q.arrived(new Ltr.Rank(1, 0, 0));
        for (int step = 0; step < 5; step++) {
            assertThat(q.review(null)).isZero();
            q.stepEnded(new StepOutcome(step, 0, 1, List.of(), List.of(), List.of(), List.of(), false));
        }
    }
}
