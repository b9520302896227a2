package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.schedproof.invariants.CheckerTestSupport.assertBroken;
import static org.schedproof.invariants.CheckerTestSupport.assertKept;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;

/**
 * SAFE-TOKENS on hand-built traces of the model {@code tiny@1}. The expected tokens were derived outside this code, by
 * the independent Python port of spec/MODEL.md: the prompt's tokens by WORKLOAD.md section 2 (checked here against
 * spec {@code Prompt}), then {@code python3 spec/ports/python/exact_model.py generate --shape tiny --seed 1 --tokens
 * T0,T1,... --steps 4}.
 */
@DisplayName("SAFE-TOKENS")
class SafeTokensTest {
    private static final Checkers ID = Checkers.SAFE_TOKENS;
    private static final EngineConfig TINY = TraceBuilder.SMALL.withModel(ModelSpec.tiny(1));

    /** Prompt of key 1 on [0, 4) and key 3 on [4, 6) (requests 0 and 2), and its greedy continuation. */
    private static final int[] P0 = {29277, 697, 6694, 5496, 708, 22574};
    private static final int[] P0_NEXT = {86, 393, 12, 192};
    /** Prompt of key 1 on [0, 4) and key 2 on [4, 10) (request 1). */
    private static final int[] P1 = {29277, 697, 6694, 5496, 8101, 12066, 30791, 12777, 3767, 20073};
    private static final int[] P1_NEXT = {31, 373, 216, 226};
    /** Prompt of key 5 on [0, 4) and key 3 on [4, 6): P0's tail behind another first block. */
    private static final int[] P2 = {6439, 10147, 5788, 948, 708, 22574};
    private static final int[] P2_NEXT = {317, 214, 226, 299};
    /** The continuation of P0 followed by the token 7 (not the model's). */
    private static final int[] P0_7_NEXT = {360, 288, 200};

    /**
     * {@link CheckerTestSupport#goodRun()} with the model on: request 2 has request 0's prompt and is admitted on the
     * 4-token block it caches, so it emits request 0's tokens. {@code lastOfRequest2} is its last token.
     */
    private static TraceBuilder goodRun(long keyOfRequest2, int firstOfRequest2, int lastOfRequest2) {
        return new TraceBuilder(TINY, "sarathi")
                .arriveSegments(0, 2, 1, 4, 3, 6)
                .arriveSegments(1, 1, 1, 4, 2, 10)
                .step().slice(0, 0, 6).slice(1, 0, 2).emitToken(0, P0_NEXT[0]).kv(3).done()
                .step().slice(0, 6, 1).slice(1, 2, 7).emitToken(0, P0_NEXT[1]).finish(0).kv(3).done()
                .arriveSegments(2, 2, keyOfRequest2, 4, 3, 6)
                .step().slice(1, 9, 1).slice(2, 4, 2).hit(2, 4).emitToken(1, P1_NEXT[0]).emitToken(2, firstOfRequest2)
                .finish(1).kv(3).done()
                .step().slice(2, 6, 1).emitToken(2, lastOfRequest2).finish(2).kv(2).done()
                .end();
    }

    @Test
    void theExpectedTokensFollowFromPromptsTheSpecDerives() {
        assertThat(new Prompt(new long[] {1, 3}, new int[] {4, 6}).tokens(0, 6)).containsExactly(P0);
        assertThat(new Prompt(new long[] {1, 2}, new int[] {4, 10}).tokens(0, 10)).containsExactly(P1);
        assertThat(new Prompt(new long[] {5, 3}, new int[] {4, 6}).tokens(0, 6)).containsExactly(P2);
    }

    @Test
    void SAFE_TOKENS_keptByARunWithChunksAPrefixHitAndDecodes() {
        var trace = goodRun(1, P0_NEXT[0], P0_NEXT[1]);
        assertKept(ID, trace.events());
        TraceCheck.Report all = TraceCheck.run(trace.events());
        assertThat(all.passed()).as(all.toString()).isTrue();
    }

    @Test
    void SAFE_TOKENS_keptThroughAPreemptionAndItsRecompute() {
        var trace = new TraceBuilder(TINY, "sarathi").arriveSegments(0, 3, 1, 4, 3, 6)
                .step().slice(0, 0, 6).emitToken(0, P0_NEXT[0]).kv(2).done()
                .step().preempt(0).kv(1).done()
                .step().slice(0, 4, 3).hit(0, 4).emitToken(0, P0_NEXT[1]).kv(2).done()
                .step().slice(0, 7, 1).emitToken(0, P0_NEXT[2]).finish(0).kv(1).done().end();
        assertKept(ID, trace.events());
    }

    @Test
    void SAFE_TOKENS_brokenByOneWrongToken() {
        var trace = goodRun(1, 87, P0_NEXT[1]);
        Checker c = CheckerTestSupport.run(ID, trace.events());
        assertBroken(ID, trace.events(), 2, 2, "request 2 emits token 87 at position 6",
                "its generated token 1", "the exact model tiny@1 gives 86");
        // its next token is judged given the 87 the trace emitted, and the port gives 393 after P0 + [87] as well
        assertThat(c.violationCount()).isOne();
    }

    @Test
    void SAFE_TOKENS_judgesEachTokenGivenTheTokensTheTraceEmittedBefore() {
        var trace = new TraceBuilder(TINY, "sarathi").arriveSegments(0, 3, 1, 4, 3, 6)
                .step().slice(0, 0, 6).emitToken(0, 7).kv(2).done()
                .step().slice(0, 6, 1).emitToken(0, P0_7_NEXT[0]).done()
                .step().slice(0, 7, 1).emitToken(0, P0_7_NEXT[1]).finish(0).done().end();
        Checker c = CheckerTestSupport.run(ID, trace.events());
        assertBroken(ID, trace.events(), 0, 0, "emits token 7 at position 6", "gives 86");
        assertThat(c.violationCount()).isOne();
    }

    @Test
    void SAFE_TOKENS_brokenByAPromptWhoseCachedPrefixIsAnotherRequests() {
        // request 2's first block differs from request 0's, but the engine reused request 0's KV: its tokens are P0's
        var trace = goodRun(5, P0_NEXT[0], P0_NEXT[1]);
        assertBroken(ID, trace.events(), 2, 2, "request 2 emits token 86 at position 6", "gives " + P2_NEXT[0]);
        // and its second, 393, where the port gives 507 after P2 + [86]
        assertThat(CheckerTestSupport.run(ID, trace.events()).violations()).hasSize(2)
                .last().satisfies(v -> assertThat(v.message()).contains("emits token 393 at position 7", "gives 507"));
        // and the tokens of its own prompt are kept
        assertKept(ID, goodRun(5, P2_NEXT[0], P2_NEXT[1]).events());
    }

    @Test
    void SAFE_TOKENS_brokenByTheModelOffMarkerWhileTheModelIsOn() {
        var trace = new TraceBuilder(TINY, "sarathi").arriveSegments(0, 2, 1, 4, 3, 6)
                .step().slice(0, 0, 6).emit(0).kv(2).done()
                .step().slice(0, 6, 1).emit(0).finish(0).done().end();
        Checker c = CheckerTestSupport.run(ID, trace.events());
        assertBroken(ID, trace.events(), 0, 0, "emits token -1 at position 6", "gives 86",
                "-1 is no token id: its later tokens are not judged");
        assertThat(c.violationCount()).isOne();
    }

    @Test
    void SAFE_TOKENS_brokenByAShapeTheSpecDoesNotName() {
        var trace = new TraceBuilder(TraceBuilder.SMALL.withModel(new ModelSpec("huge", 1)), "sarathi")
                .arrive(0, 6, 1).step().slice(0, 0, 6).emitToken(0, 5).finish(0).kv(2).done().end();
        assertBroken(ID, trace.events(), 0, -1, "model 'huge@1'", "not one of spec/MODEL.md section 2");
    }

    @Test
    void SAFE_TOKENS_notApplicableWithTheModelOffOrTooLargeForACpu() {
        assertThat(CheckerTestSupport.run(ID, CheckerTestSupport.goodRun().events()).applicable()).isFalse();
        var llama = new TraceBuilder(TraceBuilder.SMALL.withModel(new ModelSpec("llama7b", 1)), "sarathi").end();
        assertThat(CheckerTestSupport.run(ID, llama.events()).applicable()).isFalse();
        var small = new TraceBuilder(TraceBuilder.SMALL.withModel(new ModelSpec("small", 1)), "sarathi").end();
        assertThat(CheckerTestSupport.run(ID, small.events()).applicable()).isTrue();
    }
}
