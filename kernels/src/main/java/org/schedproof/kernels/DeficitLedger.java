package org.schedproof.kernels;

/**
 * The deficit arithmetic of DLPM as spec/FAIRNESS.md section 3 defines it (after Cao et al., "Locality-aware Fair
 * Scheduling in LLM Serving", arXiv 2501.14312, section 4; ALGORITHMS.md 2.4-2.5): one signed deficit per client,
 * by dense client index, lowered by the service the client receives and raised only by refills, which add whole
 * rounds of the quantum to every backlogged client at once and only when every backlogged client is exhausted
 * (deficit at most 0). The gate admits a client while its deficit exceeds the work already committed to it.
 *
 * <p>Several orderings may share one ledger (D²LPM's global deficits): it holds no notion of who calls it.
 */
public final class DeficitLedger {
    /** Largest magnitude of a quantum, a charge or a deficit: sums of two stay far from overflow. */
    public static final long LIMIT = 1L << 60;

    /** Largest number of clients; it keeps the doubling growth of the array in int range. */
    public static final int MAX_CLIENTS = 1 << 29;

    /*@ spec_public @*/ private long[] deficits;
    /*@ spec_public @*/ private int size;
    /*@ spec_public @*/ private final long quantum;
    /*@ spec_public @*/ private long refills;

    //@ public invariant deficits != null && 0 <= size && size <= deficits.length && size <= MAX_CLIENTS;
    //@ public invariant 1 <= deficits.length;
    //@ public invariant 1 <= quantum && quantum <= LIMIT && 0 <= refills;
    //@ public invariant (\forall int i; 0 <= i && i < size; -LIMIT <= deficits[i] && deficits[i] <= quantum);

    /*@ public normal_behavior
      @ requires 1 <= quantum && quantum <= LIMIT;
      @ ensures this.quantum == quantum && size == 0 && refills == 0;
      @ ensures \fresh(deficits);
      @*/
    public DeficitLedger(long quantum) {
        this.quantum = quantum;
        this.deficits = new long[8];
        this.size = 0;
        this.refills = 0;
    }

    /** Adds a client with deficit 0 and returns its index. */
    /*@ public normal_behavior
      @ requires size < MAX_CLIENTS;
      @ ensures \result == \old(size) && size == \old(size) + 1 && deficits[\result] == 0;
      @ ensures (\forall int i; 0 <= i && i < \old(size); deficits[i] == \old(deficits[i]));
      @ assignable deficits, deficits[*], size;
      @*/
    public int addClient() {
        if (size == deficits.length) {
            long[] grown = new long[2 * deficits.length];
            /*@ loop_invariant 0 <= i && i <= size && (\forall int j; 0 <= j && j < i; grown[j] == deficits[j]);
              @ decreases size - i;
              @ assignable grown[*];
              @*/
            for (int i = 0; i < size; i++) {
                grown[i] = deficits[i];
            }
            deficits = grown;
        }
        deficits[size] = 0;
        size++;
        return size - 1;
    }

    /*@ public normal_behavior
      @ ensures \result == size;
      @ assignable \strictly_nothing;
      @*/
    public int size() {
        return size;
    }

    /*@ public normal_behavior
      @ ensures \result == quantum;
      @ assignable \strictly_nothing;
      @*/
    public long quantum() {
        return quantum;
    }

    /** Rounds of the quantum added so far, over all refills. */
    /*@ public normal_behavior
      @ ensures \result == refills;
      @ assignable \strictly_nothing;
      @*/
    public long refills() {
        return refills;
    }

    /*@ public normal_behavior
      @ requires 0 <= client && client < size;
      @ ensures \result == deficits[client];
      @ assignable \strictly_nothing;
      @*/
    public long deficit(int client) {
        return deficits[client];
    }

    /** The gate: the client's deficit exceeds the work {@code committed} to it but not yet charged. */
    /*@ public normal_behavior
      @ requires 0 <= client && client < size && 0 <= committed && committed <= LIMIT;
      @ ensures \result == (deficits[client] - committed > 0);
      @ assignable \strictly_nothing;
      @*/
    public boolean mayAdmit(int client, long committed) {
        return deficits[client] - committed > 0;
    }

    /** Whether {@link #charge} may take {@code amount} from the client without leaving the ledger's range. */
    /*@ public normal_behavior
      @ requires 0 <= client && client < size && 0 <= amount && amount <= LIMIT;
      @ ensures \result == (deficits[client] - amount >= -LIMIT);
      @ assignable \strictly_nothing;
      @*/
    public boolean canCharge(int client, long amount) {
        return deficits[client] - amount >= -LIMIT;
    }

    /** Service received: the deficit falls by exactly {@code amount}. */
    /*@ public normal_behavior
      @ requires 0 <= client && client < size && 0 <= amount && amount <= LIMIT;
      @ requires deficits[client] - amount >= -LIMIT;
      @ ensures deficits[client] == \old(deficits[client]) - amount;
      @ assignable deficits[client];
      @*/
    public void charge(int client, long amount) {
        deficits[client] = deficits[client] - amount;
    }

    /** Whether every backlogged client is exhausted, the only state in which a refill may happen. */
    /*@ public normal_behavior
      @ requires backlogged != null && backlogged.length >= size;
      @ ensures \result == (\forall int i; 0 <= i && i < size; backlogged[i] ==> deficits[i] <= 0);
      @ assignable \strictly_nothing;
      @*/
    public boolean allExhausted(boolean[] backlogged) {
        /*@ loop_invariant 0 <= i && i <= size && (\forall int j; 0 <= j && j < i; backlogged[j] ==> deficits[j] <= 0);
          @ decreases size - i;
          @ assignable \strictly_nothing;
          @*/
        for (int i = 0; i < size; i++) {
            if (backlogged[i] && deficits[i] > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A refill: adds the least number of rounds of the quantum that gives some backlogged client a positive deficit
     * to every backlogged client at once (rounds in which nobody could be served collapse into one refill), and
     * returns that number. Afterwards every backlogged deficit is at most the quantum.
     */
    /*@ public normal_behavior
      @ requires backlogged != null && backlogged.length >= size && refills <= LIMIT;
      @ requires (\exists int i; 0 <= i && i < size; backlogged[i]);
      @ requires (\forall int i; 0 <= i && i < size; backlogged[i] ==> deficits[i] <= 0);
      @ ensures \result >= 1 && refills == \old(refills) + \result;
      @ ensures (\forall int i; 0 <= i && i < size;
      @             deficits[i] == (backlogged[i] ? \old(deficits[i]) + \result * quantum : \old(deficits[i])));
      @ ensures (\exists int i; 0 <= i && i < size; backlogged[i] && deficits[i] > 0);
      @ assignable deficits[*], refills;
      @*/
    public long refill(boolean[] backlogged) {
        // The client with the largest deficit needs the fewest rounds: rounds(d) = floor(-d / quantum) + 1 falls as d rises.
        long most = largestBacklogged(backlogged);
        long rounds = roundsToPositive(most, quantum);
        long add = rounds * quantum;
        /*@ loop_invariant 0 <= c && c <= size;
          @ loop_invariant (\forall int j; 0 <= j && j < size;
          @     deficits[j] == (j < c && backlogged[j] ? \old(deficits[j]) + add : \old(deficits[j])));
          @ decreases size - c;
          @ assignable deficits[*];
          @*/
        for (int c = 0; c < size; c++) {
            if (backlogged[c]) {
                deficits[c] = deficits[c] + add;
            }
        }
        refills = refills + rounds;
        return rounds;
    }

    /** The largest deficit among the backlogged clients (there is at least one). */
    /*@ public normal_behavior
      @ requires backlogged != null && backlogged.length >= size;
      @ requires (\exists int i; 0 <= i && i < size; backlogged[i]);
      @ ensures (\forall int i; 0 <= i && i < size; backlogged[i] ==> deficits[i] <= \result);
      @ ensures (\exists int i; 0 <= i && i < size; backlogged[i] && deficits[i] == \result);
      @ assignable \strictly_nothing;
      @*/
    public long largestBacklogged(boolean[] backlogged) {
        long most = -LIMIT - 1;
        /*@ loop_invariant 0 <= i && i <= size;
          @ loop_invariant (\forall int j; 0 <= j && j < i; backlogged[j] ==> deficits[j] <= most);
          @ loop_invariant most == -LIMIT - 1 || (\exists int j; 0 <= j && j < i; backlogged[j] && deficits[j] == most);
          @ decreases size - i;
          @ assignable \strictly_nothing;
          @*/
        for (int i = 0; i < size; i++) {
            if (backlogged[i] && deficits[i] > most) {
                most = deficits[i];
            }
        }
        return most;
    }

    /**
     * Rounds of {@code quantum} that lift a deficit {@code most} (at most 0) to a positive one, the least such:
     * floor(-most / quantum) + 1. Found by additions alone (whole rounds taken in doubling steps, at most about 61 x 61
     * iterations) so that its proof needs no non-linear arithmetic: KeY's auto mode cannot bound a quotient.
     */
    /*@ public normal_behavior
      @ requires -LIMIT <= most && most <= 0 && 1 <= quantum && quantum <= LIMIT;
      @ ensures 1 <= \result && \result <= LIMIT + 1;
      @ ensures 0 < most + \result * quantum && most + \result * quantum <= quantum;
      @ assignable \strictly_nothing;
      @*/
    public static long roundsToPositive(long most, long quantum) {
        long rounds = 0;
        long lifted = 0;
        /*@ loop_invariant 0 <= rounds && rounds <= lifted && lifted == rounds * quantum && most + lifted <= 0;
          @ decreases -most - lifted;
          @ assignable \strictly_nothing;
          @*/
        while (most + lifted + quantum <= 0) {
            long step = 1;
            long stepLifted = quantum;
            /*@ loop_invariant 1 <= step && step <= stepLifted && stepLifted == step * quantum;
              @ loop_invariant most + lifted + stepLifted <= 0;
              @ decreases -most - lifted - stepLifted;
              @ assignable \strictly_nothing;
              @*/
            while (most + lifted + 2 * stepLifted <= 0) {
                step = 2 * step;
                stepLifted = 2 * stepLifted;
            }
            rounds = rounds + step;
            lifted = lifted + stepLifted;
        }
        return rounds + 1;
    }

    /** Returning-client rule {@code reset}: the deficit becomes 0. */
    /*@ public normal_behavior
      @ requires 0 <= client && client < size;
      @ ensures deficits[client] == 0;
      @ assignable deficits[client];
      @*/
    public void reset(int client) {
        deficits[client] = 0;
    }

    /** Returning-client rule {@code drop-credit}: a positive deficit becomes 0, a debt stays. */
    /*@ public normal_behavior
      @ requires 0 <= client && client < size;
      @ ensures deficits[client] == (\old(deficits[client]) > 0 ? 0 : \old(deficits[client]));
      @ assignable deficits[client];
      @*/
    public void dropCredit(int client) {
        if (deficits[client] > 0) {
            deficits[client] = 0;
        }
    }
}
