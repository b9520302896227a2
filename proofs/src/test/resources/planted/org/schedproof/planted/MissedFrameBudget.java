package org.schedproof.planted;

/** TokenBudget (kernels) with a planted missed frame: addDecode also counts the token, which its assignable omits. */
public final class MissedFrameBudget {
    private /*@ spec_public @*/ final int budget;
    private /*@ spec_public @*/ int used;
    private /*@ spec_public @*/ int decodes;

    //@ public invariant 1 <= budget && budget <= 1073741824;
    //@ public invariant 0 <= decodes && decodes <= used && used <= 1073741824;
    //@ public invariant used <= budget || used == decodes;

    private MissedFrameBudget() {
        budget = 1;
    }

    /*@ public normal_behavior
      @ requires used == decodes && decodes < 1073741824;
      @ ensures decodes == \old(decodes) + 1;
      @ assignable decodes;
      @*/
    public void addDecode() {
        decodes++;
        used++;
    }
}
