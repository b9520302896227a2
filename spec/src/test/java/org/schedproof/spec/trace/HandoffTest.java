package org.schedproof.spec.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker sees every item in the order handed over; a failing sink neither blocks the caller nor goes unsaid. */
class HandoffTest {
    @Test
    void everyItemReachesTheSinkInOrderThenTheEndHook() {
        List<Integer> seen = new ArrayList<>();
        List<Integer> atEnd = new ArrayList<>();
        Handoff<Integer> h = new Handoff<>("test-worker", seen::add, () -> atEnd.add(seen.size()));
        for (int i = 0; i < 10_000; i++) h.accept(i);
        h.finish();
        assertThat(seen).hasSize(10_000);
        for (int i = 0; i < seen.size(); i++) assertThat(seen.get(i)).isEqualTo(i);
        assertThat(atEnd).containsExactly(10_000);
    }

    @Test
    void aFailingSinkIsRethrownByFinishAndNeverBlocksTheCaller() {
        Handoff<Integer> h = new Handoff<>("test-worker", i -> {
            if (i == 300) throw new IllegalArgumentException("item 300 is bad");
        }, () -> { throw new AssertionError("the end hook must not run after a failure"); });
        // far more than the queue holds: a dead worker would block this loop
        for (int i = 0; i < 100_000; i++) h.accept(i);
        assertThatThrownBy(h::finish).isInstanceOf(IllegalArgumentException.class).hasMessage("item 300 is bad");
    }

    @Test
    void anErrorInTheSinkIsReportedWithTheWorkersName() {
        Handoff<Integer> h = new Handoff<>("test-worker", i -> { throw new StackOverflowError(); }, null);
        h.accept(1);
        assertThatThrownBy(h::finish).isInstanceOf(IllegalStateException.class).hasMessage("test-worker failed")
                .hasCauseInstanceOf(StackOverflowError.class);
    }
}
