package org.schedproof.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.StepOutcome;

/** FAIR-DLPM-DEFICIT on hand-built steps; every expected deficit is worked out by hand in the comment beside it. */
class DlpmTest {
    private static Dlpm dlpm(Map<String, String> options) {
        return dlpm(options, null);
    }

    private static Dlpm dlpm(Map<String, String> options, ClientDeficits shared) {
        return new Dlpm(new PolicyOptions("dlpm", options), shared);
    }

    private static StepOutcome step(long index, List<Slice> ran, List<Long> emitted, List<Long> finished) {
        return new StepOutcome(index, 0, 1, ran, List.of(), emitted, finished, false);
    }

    private static void arrive(Dlpm d, FakeView v) {
        for (FakeView.Req r : v.waiting) d.onArrival(r.request(), 0);
    }

    @Test
    void fairDlpmSkipsExhaustedClientsAndRefillsOnlyWhenEveryBackloggedClientIsExhausted() {
        Dlpm d = dlpm(Map.of("quantum", "100"));
        FakeView v = new FakeView();
        FakeView.Req a0 = v.wait(0, "a", 200, 32);
        v.wait(1, "a", 50, 32);
        FakeView.Req b2 = v.wait(2, "b", 300, 0);
        arrive(d, v);
        // Both start at 0, so the first next() refills one round: a = b = 100. LPM order 0, 1 (32 cached), 2.
        // Admitting 0 commits 200 - 32 = 168 > 100 to a, so 1 is skipped and 2 (b: 100 > 0) is offered; after it
        // only a's 1 remains, and a's deficit is still 100 (committed, not charged): no refill, the pass ends.
        assertThat(FakeView.drain(d.pass(v), v)).containsExactly(0L, 2L);
        assertThat(d.witness()).containsEntry("dlpm.q.a", 100L).containsEntry("dlpm.q.b", 100L)
                .containsEntry("dlpm.refills", 1L);
        d.onStepEnd(step(0, List.of(new Slice(0, 32, 168), new Slice(2, 0, 300)), List.of(0L, 2L), List.of()));
        // a = 100 - 168 - 2·1 = -70, b = 100 - 300 - 2 = -202.
        assertThat(d.witness()).containsEntry("dlpm.q.a", -70L).containsEntry("dlpm.q.b", -202L);
        v.run(a0, 200);
        v.run(b2, 300);
        // Only a is backlogged and exhausted: one round to a alone (-70 + 100 = 30), b stays -202; then 1 is offered.
        assertThat(FakeView.drain(d.pass(v), v)).containsExactly(1L);
        assertThat(d.witness()).containsEntry("dlpm.q.a", 30L).containsEntry("dlpm.q.b", -202L)
                .containsEntry("dlpm.refills", 2L);
    }

    @Test
    void fairDlpmARefillAddsTheLeastRoundsThatOpenSomeGateToEveryBackloggedClient() {
        ClientDeficits shared = new ClientDeficits(100);
        shared.charge(shared.index("a"), 250);
        shared.charge(shared.index("b"), 120);
        shared.index("c");
        Dlpm d = dlpm(Map.of(), shared);
        FakeView v = new FakeView();
        v.wait(0, "a", 40, 0);
        v.wait(1, "b", 50, 0);
        arrive(d, v);
        // a needs floor(250/100) + 1 = 3 rounds, b needs 2: two rounds to a and b (a = -50, b = 80), none to idle c.
        // b's 1 is offered; after it b (80 - 50 committed = 30) has nothing left and a is closed: no second refill.
        assertThat(FakeView.drain(d.pass(v), v)).containsExactly(1L);
        assertThat(d.witness()).containsEntry("dlpm.q.a", -50L).containsEntry("dlpm.q.b", 80L)
                .containsEntry("dlpm.q.c", 0L).containsEntry("dlpm.refills", 2L);
        assertThat(d.parameters()).containsEntry("quantum", "100");
    }

    @Test
    void fairDlpmGateCountsThePromptWorkAlreadyCommitted() {
        Dlpm d = dlpm(Map.of("quantum", "60"));
        FakeView v = new FakeView();
        FakeView.Req r0 = v.wait(0, "a", 100, 0);
        v.wait(1, "a", 10, 0);
        arrive(d, v);
        // Refill to 60; 0 is offered and commits 100, closing a's gate: 1 waits.
        Ordering.Pass p = d.pass(v);
        assertThat(p.next().id()).isEqualTo(0L);
        p.admitted(r0, 0, 30);
        assertThat(p.next()).isNull();
        d.onStepEnd(step(0, List.of(new Slice(0, 0, 30)), List.of(), List.of()));
        v.run(r0, 30);
        // a = 60 - 30 = 30 > 0 but 70 prompt positions are still committed: gate closed, and no refill (a is not
        // exhausted), so the pass offers nothing.
        assertThat(FakeView.drain(d.pass(v), v)).isEmpty();
        assertThat(d.witness()).containsEntry("dlpm.q.a", 30L).containsEntry("dlpm.refills", 1L);
    }

    @Test
    void fairDlpmChargesUncachedOrFullPromptPerOptionAndEachEmittedToken() {
        Map<String, Long> after = new HashMap<>();
        for (String charge : List.of("uncached", "full-prompt")) {
            Dlpm d = dlpm(Map.of("quantum", "1000", "charge", charge, "output-price", "3"));
            FakeView v = new FakeView();
            FakeView.Req r = v.wait(0, "a", 100, 48);
            arrive(d, v);
            Ordering.Pass p = d.pass(v);
            assertThat(p.next()).isSameAs(r);
            p.admitted(r, 48, 30);
            d.onStepEnd(step(0, List.of(new Slice(0, 48, 30)), List.of(), List.of()));
            v.run(r, 78);
            d.pass(v);
            d.onStepEnd(step(1, List.of(new Slice(0, 78, 22)), List.of(0L), List.of()));
            after.put(charge, d.witness().get("dlpm.q.a"));
        }
        // uncached: 1000 - 30 - 22 - 3 = 945; full prompt: the 48 cached positions too, 897.
        assertThat(after).containsEntry("uncached", 945L).containsEntry("full-prompt", 897L);
    }

    @Test
    void fairDlpmReturningClientRulePerOption() {
        Map<String, Long> debt = new HashMap<>();
        Map<String, Long> credit = new HashMap<>();
        for (String rule : List.of("keep", "reset", "drop-credit")) {
            debt.put(rule, returning(rule, 150));
            credit.put(rule, returning(rule, 10));
        }
        // Debt: 100 - 150 - 2 = -52 when a leaves. keep: -52, exhausted, one round: 48; reset: 0, one round: 100;
        // drop-credit keeps the debt: 48.
        assertThat(debt).containsEntry("keep", 48L).containsEntry("reset", 100L).containsEntry("drop-credit", 48L);
        // Credit: 100 - 10 - 2 = 88. keep: 88, no refill; reset and drop-credit: 0, one round: 100.
        assertThat(credit).containsEntry("keep", 88L).containsEntry("reset", 100L).containsEntry("drop-credit", 100L);
    }

    /** a's deficit after a pass that finds it back, having run one request of {@code prompt} tokens then idled. */
    private static long returning(String rule, int prompt) {
        Dlpm d = dlpm(Map.of("quantum", "100", "on-return", rule));
        FakeView v = new FakeView();
        FakeView.Req r0 = v.wait(0, "a", prompt, 0);
        arrive(d, v);
        assertThat(FakeView.drain(d.pass(v), v)).containsExactly(0L);
        d.onStepEnd(step(0, List.of(new Slice(0, 0, prompt)), List.of(0L), List.of(0L)));
        v.waiting.remove(r0);
        assertThat(FakeView.drain(d.pass(v), v)).isEmpty();
        v.wait(1, "a", 10, 0);
        d.onArrival(v.waiting.get(0).request(), 0);
        assertThat(FakeView.drain(d.pass(v), v)).containsExactly(1L);
        return d.witness().get("dlpm.q.a");
    }

    @Test
    void fairDlpmRejectedStepChargesNothing() {
        Dlpm d = dlpm(Map.of("quantum", "100"));
        FakeView v = new FakeView();
        v.wait(0, "a", 50, 0);
        arrive(d, v);
        assertThat(FakeView.drain(d.pass(v), v)).containsExactly(0L);
        d.onStepEnd(new StepOutcome(0, 0, 1, List.of(), List.of(), List.of(), List.of(), true));
        // Still 100 after the rejected step; the request is still waiting and offered again (gate open, no refill).
        assertThat(d.witness()).containsEntry("dlpm.q.a", 100L);
        assertThat(FakeView.drain(d.pass(v), v)).containsExactly(0L);
        assertThat(d.witness()).containsEntry("dlpm.refills", 1L);
    }
}
