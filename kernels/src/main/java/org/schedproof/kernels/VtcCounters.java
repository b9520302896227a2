package org.schedproof.kernels;

/**
 * VTC's counter arithmetic (Sheng et al., "Fairness in Serving Large Language Models", OSDI'24, section 4; released
 * code {@code slora/server/router/vtc_req_queue.py}; ALGORITHMS.md 1.3 and spec/FAIRNESS.md section 2), over
 * clients numbered densely {@code 0..n-1}: {@code c[i]} is client i's virtual counter, in units of 1/scale of a
 * weighted token, and {@code waiting[i]} how many of its requests wait (it is backlogged when that is positive).
 * Counters start at 0 and never decrease: a charge adds a non-negative amount, a lift takes a maximum. The caller keeps every
 * counter at most {@code Long.MAX_VALUE - amount} before a charge, so no addition wraps.
 */
public final class VtcCounters {
    private VtcCounters() {}

    /** Adds {@code amount} to client i's counter (an admission charge or the output tokens of one step). */
    /*@ public normal_behavior
      @ requires c != null && 0 <= i && i < c.length;
      @ requires 0 <= amount && 0 <= c[i] && c[i] <= Long.MAX_VALUE - amount;
      @ ensures c[i] == \old(c[i]) + amount;
      @ assignable c[i];
      @*/
    public static void charge(long[] c, int i, long amount) {
        c[i] = c[i] + amount;
    }

    /**
     * The backlogged client with the least counter among {@code 0..n-1} other than {@code except} (-1 excludes
     * none), the lowest index among equals; -1 when there is none.
     */
    /*@ public normal_behavior
      @ requires c != null && waiting != null && 0 <= n && n <= c.length && n <= waiting.length;
      @ ensures -1 <= \result && \result < n;
      @ ensures \result == -1 <==> (\forall int j; 0 <= j && j < n; waiting[j] <= 0 || j == except);
      @ ensures \result != -1 ==> waiting[\result] > 0 && \result != except
      @     && (\forall int j; 0 <= j && j < n && waiting[j] > 0 && j != except; c[\result] <= c[j])
      @     && (\forall int j; 0 <= j && j < \result && waiting[j] > 0 && j != except; c[\result] < c[j]);
      @ assignable \nothing;
      @*/
    public static int argMin(long[] c, int[] waiting, int n, int except) {
        int best = -1;
        /*@ loop_invariant 0 <= j && j <= n && -1 <= best && best < j;
          @ loop_invariant best == -1 <==> (\forall int k; 0 <= k && k < j; waiting[k] <= 0 || k == except);
          @ loop_invariant best != -1 ==> waiting[best] > 0 && best != except
          @     && (\forall int k; 0 <= k && k < j && waiting[k] > 0 && k != except; c[best] <= c[k])
          @     && (\forall int k; 0 <= k && k < best && waiting[k] > 0 && k != except; c[best] < c[k]);
          @ decreases n - j;
          @ assignable \nothing;
          @*/
        for (int j = 0; j < n; j++) {
            if (waiting[j] > 0 && j != except && (best == -1 || c[j] < c[best])) {
                best = j;
            }
        }
        return best;
    }

    /**
     * The lift when client u's queue becomes non-empty: its counter rises to the least counter of the other
     * backlogged clients, or, when none is backlogged, to {@code c[fallback]} (the client that left the queue last,
     * paper mode; -1 for no lift then, artifact mode). Never lowers it, so a returning client keeps its debt but
     * loses the credit it banked while idle.
     */
    /*@ public normal_behavior
      @ requires c != null && waiting != null && 0 <= n && n <= c.length && n <= waiting.length;
      @ requires 0 <= u && u < n && -1 <= fallback && fallback < n;
      @ ensures c[u] >= \old(c[u]);
      @ ensures (\exists int j; 0 <= j && j < n; waiting[j] > 0 && j != u) ==>
      @     (\exists int j; 0 <= j && j < n; waiting[j] > 0 && j != u && c[j] <= c[u])
      @     && (\forall int j; 0 <= j && j < n && waiting[j] > 0 && j != u; c[u] <= c[j] || c[u] == \old(c[u]));
      @ ensures !(\exists int j; 0 <= j && j < n; waiting[j] > 0 && j != u) && fallback != -1 ==>
      @     c[u] == (\old(c[u]) < \old(c[fallback]) ? \old(c[fallback]) : \old(c[u]));
      @ ensures !(\exists int j; 0 <= j && j < n; waiting[j] > 0 && j != u) && fallback == -1 ==> c[u] == \old(c[u]);
      @ assignable c[u];
      @*/
    public static void liftOnReturn(long[] c, int[] waiting, int n, int u, int fallback) {
        int m = argMin(c, waiting, n, u);
        int to = m != -1 ? m : fallback;
        if (to != -1 && c[u] < c[to]) {
            c[u] = c[to];
        }
    }
}
