package org.schedproof.spec.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A WitnessMap is the map of its arrays' first n entries, equal to any other map of them, and a step keeps it. */
class WitnessMapTest {
    private final String[] keys = {"vtc.c.a", "vtc.c.b", "vtc.c.c"};
    private final long[] values = {5, -1L << 40, 0};

    @Test
    void isTheMapOfItsFirstEntriesAndCopiesThem() {
        WitnessMap w = WitnessMap.of(keys, values, 2);
        values[0] = 99; // a later change of the policy's arrays does not reach the witness
        Map<String, Long> expected = Map.of("vtc.c.a", 5L, "vtc.c.b", -1L << 40);
        assertThat(w).isEqualTo(expected);
        assertThat(expected).isEqualTo(w);
        assertThat(w.hashCode()).isEqualTo(expected.hashCode());
        assertThat(w.get("vtc.c.b")).isEqualTo(-1L << 40);
        assertThat(w.get("vtc.c.c")).isNull();
        assertThat(w.containsKey("vtc.c.a")).isTrue();
        assertThat(w.with("blocked", 7)).isEqualTo(Map.of("vtc.c.a", 5L, "vtc.c.b", -1L << 40, "blocked", 7L));
        assertThat(w).hasSize(2); // with() made a new one
    }

    @Test
    void everyWithOfOneMapIsItsOwnMapAndLeavesTheFirstAlone() {
        WitnessMap w = WitnessMap.of(keys, values, 2);
        WitnessMap first = w.with("blocked", 7); // takes the spare slot
        WitnessMap second = w.with("blocked", 8); // copies
        WitnessMap third = WitnessMap.copyOf(Map.of("vtc.c.a", 1L)).with("x", 2).with("y", 3);
        assertThat(first).isEqualTo(Map.of("vtc.c.a", 5L, "vtc.c.b", -1L << 40, "blocked", 7L));
        assertThat(second).isEqualTo(Map.of("vtc.c.a", 5L, "vtc.c.b", -1L << 40, "blocked", 8L));
        assertThat(second.with("more", 9).with("again", 10)).hasSize(5);
        assertThat(first.get("blocked")).isEqualTo(7L);
        assertThat(w).isEqualTo(Map.of("vtc.c.a", 5L, "vtc.c.b", -1L << 40));
        assertThat(w.containsKey("blocked")).isFalse();
        assertThat(List.copyOf(first.keySet())).containsExactly("vtc.c.a", "vtc.c.b", "blocked"); // the trace's order
        assertThat(third).isEqualTo(Map.of("vtc.c.a", 1L, "x", 2L, "y", 3L));
    }

    @Test
    void copyOfKeepsAWitnessMapAndCopiesAnyOtherMap() {
        WitnessMap w = WitnessMap.of(keys, values, 3);
        assertThat(WitnessMap.copyOf(w)).isSameAs(w);
        Map<String, Long> plain = new HashMap<>(Map.of("dlpm.q.a", 3L, "dlpm.refills", 1L));
        WitnessMap copy = WitnessMap.copyOf(plain);
        plain.put("dlpm.q.b", 4L);
        assertThat(copy).isEqualTo(Map.of("dlpm.q.a", 3L, "dlpm.refills", 1L));
    }

    @Test
    void aStepKeepsAWitnessMapAsItIsAndCopiesAnyOtherMap() {
        WitnessMap w = WitnessMap.of(keys, values, 3);
        assertThat(step(w).witness()).isSameAs(w);
        Map<String, Long> plain = new HashMap<>(Map.of("promoted", 0L));
        TraceEvent.Step s = step(plain);
        plain.put("promoted", 1L);
        assertThat(s.witness()).isEqualTo(Map.of("promoted", 0L));
        assertThat(step(WitnessMap.copyOf(Map.of("promoted", 0L)))).isEqualTo(s);
    }

    private static TraceEvent.Step step(Map<String, Long> witness) {
        return new TraceEvent.Step(0, 0, 1, List.of(), List.of(), false, List.of(), 0, List.of(), List.of(), 0,
                List.of(), witness);
    }
}
