package org.schedproof.conformance.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;

/** DIFF-TRACE: the same bytes pass; the first differing line is reported by number with both lines. */
class TraceDifferentialTest {
    static TraceDifferential judge(List<TraceEvent> reference, List<TraceEvent> candidate) {
        TraceDifferential d = new TraceDifferential(reference, "reference");
        candidate.forEach(d::accept);
        return d;
    }

    @Test
    void DIFF_TRACE_keptByTheSameTrace() {
        TraceDifferential d = judge(ScheduleDifferentialTest.run("fcfs"), ScheduleDifferentialTest.run("fcfs"));
        assertThat(d.violations()).isEmpty();
    }

    @Test
    void DIFF_TRACE_brokenByAWitnessAloneAtItsLineWithBothLines() {
        List<TraceEvent> reference = ScheduleDifferentialTest.run("fcfs");
        List<TraceEvent> candidate = new ArrayList<>(reference);
        int at = -1;
        for (int i = 0, steps = 0; i < candidate.size() && at < 0; i++) {
            if (!(candidate.get(i) instanceof TraceEvent.Step s) || ++steps < 7) continue;
            candidate.set(i, new TraceEvent.Step(s.index(), s.startUs(), s.durationUs(), s.preempted(), s.offloaded(),
                    s.prefetched(), s.slices(), s.rejected(), s.hits(), s.evictedBlocks(), s.emitted(), s.finished(),
                    s.kvUsedBlocks(), s.violations(), Map.of("port.steps", 7L)));
            at = i;
        }
        TraceDifferential d = judge(reference, candidate);
        assertThat(d.violationCount()).isEqualTo(1);
        String m = d.violations().get(0).message();
        assertThat(m).startsWith("trace line " + (at + 1) + " differs")
                .contains("reference: " + TraceWriter.line(reference.get(at)))
                .contains("candidate: " + TraceWriter.line(candidate.get(at)));
        // the schedule is the same: DIFF-SCHEDULE does not see a witness
        assertThat(ScheduleDifferentialTest.judge(reference, candidate).divergence()).isEmpty();
    }

    @Test
    void DIFF_TRACE_brokenByATraceThatEndsEarlyAndByOneThatGoesOn() {
        List<TraceEvent> reference = ScheduleDifferentialTest.run("fcfs");
        List<TraceEvent> cut = new ArrayList<>(reference.subList(0, 5));
        cut.add(reference.get(reference.size() - 1));
        assertThat(judge(reference, cut).violations().get(0).message()).startsWith("trace line 6 differs")
                .contains("candidate: " + TraceWriter.line(reference.get(reference.size() - 1)));
        List<TraceEvent> shortRef = cut;
        assertThat(judge(shortRef, reference).violations().get(0).message()).startsWith("trace line 6 differs")
                .contains("reference: " + TraceWriter.line(reference.get(reference.size() - 1)));
        assertThat(TraceDifferential.firstDifference(List.of("a", "b"), List.of("a"), "saved", "now"))
                .isEqualTo("trace line 2 differs\n  saved: b\n  now:   <end>");
    }
}
