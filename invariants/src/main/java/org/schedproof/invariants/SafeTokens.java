package org.schedproof.invariants;

import java.util.HashMap;
import java.util.Map;
import org.schedproof.invariants.model.Model;
import org.schedproof.invariants.model.Sequence;
import org.schedproof.invariants.model.Shape;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.PromptTokens;
import org.schedproof.spec.trace.TraceEvent;

/**
 * SAFE-TOKENS: every emitted token is the exact model's next token (spec/MODEL.md, section 6) of its request's
 * sequence so far: its prompt's tokens (spec/WORKLOAD.md section 2), then the tokens the trace emitted for it before,
 * whatever the schedule (MODEL.md section 1: chunking, prefix reuse, preemption and offloading change no token). The
 * oracle is this module's own model ({@code invariants.model}), run lazily at emits: a request's first emit computes its
 * prompt, each later one the one position its previous token added, reusing the request's own KV, freed when the
 * step lists it as finished. Memory O(live requests x their sequences x 2·L·d bytes). Not applicable when the model is
 * off, or a shape too large for a CPU oracle (llama7b).
 */
final class SafeTokens extends AbstractChecker {
    /** The most weights the oracle generates and holds: small's 5.5 M fit; llama7b's 6.7 G would take hours a request. */
    static final long MAX_WEIGHTS = 1L << 26;

    /** A live request: its prompt, and its sequence once it has emitted. */
    private static final class Live {
        final Prompt prompt;
        Sequence sequence;
        int generated;

        Live(Prompt prompt) {
            this.prompt = prompt;
        }
    }

    private final Map<Long, Live> live = new HashMap<>();
    private Model model;

    SafeTokens() {
        super("SAFE-TOKENS", "every emitted token is the exact model's next token of its request's prompt and the "
                + "tokens it emitted before", null);
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    public boolean applicable() {
        if (config == null) return true;
        ModelSpec m = config.model();
        return !m.isOff() && Shape.named(m.shape()).map(s -> s.weights() <= MAX_WEIGHTS).orElse(true);
    }

    @Override
    protected void onHeader(TraceEvent.Header h) {
        ModelSpec m = h.engine().model();
        if (!applicable()) return;
        Shape.named(m.shape()).ifPresentOrElse(s -> model = new Model(s, m.seed()),
                () -> report(0, "the header names model '" + m.id() + "', whose shape is not one of spec/MODEL.md "
                        + "section 2 (tiny, small, llama7b): no emitted token can be judged"));
    }

    @Override
    protected void onArrival(TraceEvent.Arrival a) {
        if (model != null) live.putIfAbsent(a.request().id(), new Live(a.request().prompt()));
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts facts) {
        if (model == null || s.rejected()) return;
        for (TraceEvent.Emit e : s.emitted()) {
            Live r = live.get(e.requestId());
            if (r != null) judge(s.index(), e, r); // tokens of unknown or finished requests: SAFE-CONSERVATION's
        }
        for (long id : s.finished()) live.remove(id);
    }

    private void judge(long step, TraceEvent.Emit e, Live r) {
        if (r.sequence == null) {
            r.sequence = model.newSequence();
            r.sequence.append(r.prompt.tokens(0, r.prompt.length()));
        }
        int position = r.sequence.length();
        int expected = r.sequence.nextToken();
        int token = e.token();
        boolean isToken = token >= 0 && token < PromptTokens.TOKEN_SPACE;
        if (token != expected) {
            report(step, e.requestId(), "request " + e.requestId() + " emits token " + token + " at position "
                    + position + " (its generated token " + (r.generated + 1) + "); the exact model "
                    + config.model().id() + " gives " + expected
                    + (isToken ? "" : " (" + token + " is no token id: its later tokens are not judged)"));
        }
        if (!isToken) {
            live.remove(e.requestId());
            return;
        }
        r.sequence.append(token);
        r.generated++;
    }
}
