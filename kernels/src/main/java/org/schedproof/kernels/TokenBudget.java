package org.schedproof.kernels;

/**
 * The token budget of one stall-free iteration (Agrawal et al., "Taming Throughput-Latency Tradeoff in LLM Inference
 * with Sarathi-Serve", OSDI'24, section 4.3; microsoft/sarathi-serve {@code sarathi_scheduler.py}): every running
 * decode first, one token each and never refused, then prefill chunks cut to what is left of the budget.
 *
 * <p>Proved (proofs/REPORT.md): the tokens used never exceed {@code max(budget, decodes)} (SAFE-BUDGET, by
 * construction), a chunk is never longer than what is pending, what is left, or what fits in KV, and an offered chunk
 * is the longest such.
 */
public final class TokenBudget {
    /** Largest budget and largest count of decodes: keeps every sum and difference of two counts inside int. */
    public static final int MAX_TOKENS = 1 << 30;

    private /*@ spec_public @*/ final int budget;
    private /*@ spec_public @*/ int used;
    private /*@ spec_public @*/ int decodes;

    //@ public invariant 1 <= budget && budget <= MAX_TOKENS;
    //@ public invariant 0 <= decodes && decodes <= used && used <= MAX_TOKENS;
    //@ public invariant used <= budget || used == decodes;

    /*@ public normal_behavior
      @ requires 1 <= budget && budget <= MAX_TOKENS;
      @ ensures this.budget == budget && used == 0 && decodes == 0;
      @*/
    public TokenBudget(int budget) {
        this.budget = budget;
    }

    /** Counts one decode token; decodes come before any chunk and are never refused for budget. */
    /*@ public normal_behavior
      @ requires used == decodes && decodes < MAX_TOKENS;
      @ ensures decodes == \old(decodes) + 1 && used == \old(used) + 1;
      @ assignable used, decodes;
      @*/
    public void addDecode() {
        decodes++;
        used++;
    }

    /** The longest chunk of a prefill with {@code pending} tokens left that the budget allows, 0 for none. */
    /*@ public normal_behavior
      @ requires pending >= 0;
      @ ensures 0 <= \result && \result <= pending;
      @ ensures used >= budget ==> \result == 0;
      @ ensures used < budget ==> used + \result <= budget && (\result == pending || used + \result == budget);
      @ assignable \strictly_nothing;
      @*/
    public int chunk(int pending) {
        if (used >= budget) return 0;
        int left = budget - used;
        return pending < left ? pending : left;
    }

    /**
     * The longest chunk the budget allows that also fits in {@code kvTokens} more KV positions, 0 for none: what a
     * running prefill gets.
     */
    /*@ public normal_behavior
      @ requires pending >= 0;
      @ ensures 0 <= \result && \result <= pending;
      @ ensures \result == 0 || used + \result <= budget && \result <= kvTokens;
      @ ensures used >= budget || kvTokens <= 0 ==> \result == 0;
      @ ensures used < budget && kvTokens > 0 ==>
      @     \result == pending || used + \result == budget || \result == kvTokens;
      @ assignable \strictly_nothing;
      @*/
    public int chunk(int pending, long kvTokens) {
        int c = chunk(pending);
        if (kvTokens < c) return kvTokens <= 0 ? 0 : (int) kvTokens;
        return c;
    }

    /** Spends {@code tokens} of the budget on a prefill chunk. */
    /*@ public normal_behavior
      @ requires 1 <= tokens && tokens <= budget - used;
      @ ensures used == \old(used) + tokens && decodes == \old(decodes);
      @ assignable used;
      @*/
    public void take(int tokens) {
        used += tokens;
    }

    /*@ public normal_behavior
      @ ensures \result == used;
      @ assignable \strictly_nothing;
      @*/
    public int used() {
        return used;
    }

    /*@ public normal_behavior
      @ ensures \result == budget - used;
      @ assignable \strictly_nothing;
      @*/
    public int left() {
        return budget - used;
    }
}
