package org.schedproof.planted;

/**
 * VtcCounters.charge (kernels) with a planted overflow: the bound that keeps the sum inside long is gone, so under
 * Java's integer semantics a charge can wrap and lower the counter.
 */
public final class OverflowCounters {
    private OverflowCounters() {
    }

    /*@ public normal_behavior
      @ requires c != null && 0 <= i && i < c.length && 0 <= amount;
      @ ensures c[i] >= \old(c[i]);
      @ assignable c[i];
      @*/
    public static void charge(long[] c, int i, long amount) {
        c[i] = c[i] + amount;
    }

    /** The kernel's own contract, bound included: the control that must close. */
    /*@ public normal_behavior
      @ requires c != null && 0 <= i && i < c.length && 0 <= amount && c[i] <= Long.MAX_VALUE - amount;
      @ ensures c[i] >= \old(c[i]);
      @ assignable c[i];
      @*/
    public static void chargeBounded(long[] c, int i, long amount) {
        c[i] = c[i] + amount;
    }
}
