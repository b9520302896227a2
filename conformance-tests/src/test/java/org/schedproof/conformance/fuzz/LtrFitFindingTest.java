package org.schedproof.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.schedproof.invariants.CheckResult;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.Request;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceReader;

/**
 * Regression test of a finding of the fuzzer (src/test/resources/fuzz/ltr-fit-finding, found by a campaign of
 * {@code ltr} and shrunk to 4 requests). LTR's {@code admission=fit} used to admit a waiting request only while its
 * prompt plus its <em>predicted</em> output fit the pool; request 3 (11 prompt + 5 output tokens, the 16 usable
 * blocks of size 1) is predicted more than 5 tokens, so it never fit and waited forever although it could run
 * ({@code trace-before-fix.jsonl}, the trace the old rule wrote). The fit test now reserves at most the engine's
 * largest sequence, so the case passes every oracle; ORDER-LTR judges the new rule on the old trace by itself.
 */
class LtrFitFindingTest {
    static final Path CASE = Path.of("src/test/resources/fuzz/ltr-fit-finding");
    static final Path BEFORE = CASE.resolve("trace-before-fix.jsonl");

    @Test
    void theSavedCaseStillPredictsRequestThreePastThePool() throws Exception {
        List<TraceEvent> events = TraceReader.readAll(CASE.resolve(SavedCase.TRACE));
        TraceEvent.Header h = (TraceEvent.Header) events.get(0);
        Request three = events.stream().filter(e -> e instanceof TraceEvent.Arrival a && a.request().id() == 3)
                .map(e -> ((TraceEvent.Arrival) e).request()).findFirst().orElseThrow();
        long predicted = events.stream().filter(e -> e instanceof TraceEvent.Step)
                .map(e -> ((TraceEvent.Step) e).witness().get("ltr.pred.3")).filter(p -> p != null)
                .findFirst().orElseThrow();
        long usable = (long) (h.engine().numBlocks() - h.engine().watermarkBlocks()) * h.engine().blockSize();
        // the situation: the true sequence fits the pool, the predicted one does not
        assertThat((long) three.promptLength() + three.maxNewTokens()).isLessThanOrEqualTo(usable);
        assertThat(three.promptLength() + predicted).isGreaterThan(usable);
    }

    @Test
    void theSavedCaseReplaysByteForByteAndPassesEveryOracle() throws Exception {
        Replay.Outcome o = Replay.run(CASE);
        assertThat(o.sameTrace()).as(o.firstDifference()).isTrue();
        assertThat(o.saved().workload().size()).isEqualTo(4);
        assertThat(o.saved().oracles()).isEqualTo(Oracles.ALL); // every checker, the FastEngine differential, the engine
        assertThat(o.run().verdict().findings()).as(o.run().verdict().toString()).isEmpty();
    }

    @Test
    void theOldRulesTraceFailsOrderLtrAndLiveness() throws Exception {
        TraceCheck.Report r = TraceCheck.run(TraceReader.readAll(BEFORE));
        List<String> failed = r.results().stream().filter(c -> c.status() == CheckResult.Status.FAIL)
                .map(CheckResult::id).toList();
        assertThat(failed).contains("ORDER-LTR", "LIVE-PROGRESS", "SAFE-CONSERVATION");
        String order = r.results().stream().filter(c -> c.id().equals("ORDER-LTR")).findFirst().orElseThrow().toString();
        assertThat(order).contains("no request holds KV, yet waiting request 3");
    }
}
