package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent;

/** Runs one checker over a hand-built trace. */
final class CheckerTestSupport {
    private CheckerTestSupport() {}

    /**
     * Feeds the checker alone (its own replay) and, as a differential check, every registered checker through
     * {@link TraceCheck.Online} (one shared replay) and {@link TraceCheck.Background} (on other threads): the verdicts
     * must be the same.
     */
    static Checker run(Checkers which, List<TraceEvent> events) {
        Checker c = which.create();
        assertThat(c.id()).isEqualTo(which.id());
        for (TraceEvent e : events) c.accept(e);
        TraceCheck.Online online = TraceCheck.online();
        for (TraceEvent e : events) online.accept(e);
        TraceCheck.Report shared = online.report();
        assertThat(shared.get(which.id())).as(which.id() + " alone and in a shared-replay run")
                .isEqualTo(CheckResult.of(c));
        try (TraceCheck.Background background = new TraceCheck.Background()) {
            for (TraceEvent e : events) background.accept(e);
            assertThat(background.report()).as("checked on other threads").isEqualTo(shared);
        }
        return c;
    }

    static List<Violation> violations(Checkers which, List<TraceEvent> events) {
        return run(which, events).violations();
    }

    /** The checker applies and finds nothing. */
    static void assertKept(Checkers which, List<TraceEvent> events) {
        Checker c = run(which, events);
        assertThat(c.applicable()).as(which.id() + " applies").isTrue();
        assertThat(c.violations()).as(which.id()).isEmpty();
        assertThat(c.violationCount()).isZero();
    }

    /** The first violation is of this checker, at {@code step}, naming {@code request} and mentioning each text. */
    static Violation assertBroken(Checkers which, List<TraceEvent> events, long step, long request, String... texts) {
        List<Violation> vs = violations(which, events);
        assertThat(vs).as(which.id() + " violations").isNotEmpty();
        Violation v = vs.get(0);
        assertThat(v.rule()).isEqualTo(which.id());
        assertThat(v.step()).as("step of " + v).isEqualTo(step);
        assertThat(v.requestId()).as("request of " + v).isEqualTo(request);
        for (String t : texts) assertThat(v.message()).contains(t);
        return v;
    }

    /**
     * A correct run of the small engine under Sarathi: two requests sharing a first block, a chunked prefill
     * continued before a newcomer that is admitted with a prefix hit, decodes never left out. Its kvUsedBlocks are
     * the exact ones of spec/MODEL.md section 12: step 0 caches block [key 1] (with the two partial blocks: 3); in
     * step 1 request 0 finishes, request 1 joins the cached block, caches [key 2] and holds a partial one (3); in
     * step 2 request 2 hits [key 1] and holds a partial block, request 1 finishes (2 cached + 1 = 3); in step 3 only
     * the 2 cached blocks remain.
     */
    static TraceBuilder goodRun() {
        return TraceBuilder.sarathi()
                .arriveSegments(0, 2, 1, 4, 3, 6)          // prompt 6: block [0,4) of key 1
                .arriveSegments(1, 1, 1, 4, 2, 10)         // prompt 10: same first block
                .step().slice(0, 0, 6).slice(1, 0, 2).emit(0).kv(3).done()           // 8 tokens = budget
                .step().slice(0, 6, 1).slice(1, 2, 7).emit(0).finish(0).kv(3).done() // decode + chunk of 7
                .arriveSegments(2, 2, 1, 4, 3, 6)          // same prompt as request 0
                .step().slice(1, 9, 1).slice(2, 4, 2).hit(2, 4).emit(1, 2).finish(1).kv(3).done()
                .step().slice(2, 6, 1).emit(2).finish(2).kv(2).done()
                .end();
    }
}
