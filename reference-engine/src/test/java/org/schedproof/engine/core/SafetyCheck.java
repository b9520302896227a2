package org.schedproof.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent;

/**
 * The engine-safety properties of the Foundation issue, checked on the trace as it streams by, from the trace alone:
 * conservation (each request completes once with exactly its output length), KV within capacity, and for stall-free
 * batching the budget rule and no running decode left out of a step.
 */
final class SafetyCheck implements Consumer<TraceEvent> {
    private final EngineConfig config;
    private final boolean stallFree;
    private final String where;
    private final Map<Long, Integer> emitted = new HashMap<>();
    private final Map<Long, Integer> completions = new HashMap<>();
    private final Set<Long> decoding = new HashSet<>();
    private TraceEvent.End end;

    SafetyCheck(EngineConfig config, boolean stallFree, String where) {
        this.config = config;
        this.stallFree = stallFree;
        this.where = where;
    }

    @Override
    public void accept(TraceEvent e) {
        if (e instanceof TraceEvent.Step s) {
            assertThat(s.violations()).as("%s step %d", where, s.index()).isEmpty();
            assertThat(s.kvUsedBlocks()).as("%s step %d KV", where, s.index()).isLessThanOrEqualTo(config.numBlocks());
            if (stallFree) {
                int tokens = 0;
                Set<Long> scheduled = new HashSet<>();
                long decodes = 0;
                for (Slice x : s.slices()) {
                    tokens += x.length();
                    scheduled.add(x.requestId());
                    if (decoding.contains(x.requestId())) decodes++;
                }
                assertThat(tokens).as("%s step %d budget", where, s.index())
                        .isLessThanOrEqualTo(Math.max(config.tokenBudget(), (int) decodes));
                for (long id : decoding) {
                    if (!scheduled.contains(id) && !s.preempted().contains(id)) {
                        throw new AssertionError(where + " step " + s.index() + ": running decode " + id + " left out");
                    }
                }
            }
            s.preempted().forEach(decoding::remove);
            for (TraceEvent.Emit x : s.emitted()) {
                emitted.merge(x.requestId(), 1, Integer::sum);
                decoding.add(x.requestId());
            }
            s.finished().forEach(decoding::remove);
        } else if (e instanceof TraceEvent.Completion c) {
            completions.merge(c.requestId(), 1, Integer::sum);
        } else if (e instanceof TraceEvent.End x) {
            end = x;
        }
    }

    /** After the run: every request completed exactly once with exactly its output length. */
    void assertConservation(List<Request> requests) {
        assertThat(end).as(where + " end event").isNotNull();
        assertThat(end.reason()).as(where).isEqualTo(TraceEvent.End.DONE);
        assertThat(completions).as(where + " completed requests").hasSize(requests.size());
        for (Request r : requests) {
            assertThat(completions.get(r.id())).as("%s completions of %d", where, r.id()).isEqualTo(1);
            assertThat(emitted.get(r.id())).as("%s tokens of %d", where, r.id()).isEqualTo(r.maxNewTokens());
        }
    }
}
