package org.schedproof.planted;

/** BlockPool (kernels) with a planted off-by-one: allocate reads the stack before shrinking it. */
public final class OffByOnePool {
    private /*@ spec_public @*/ final int[] stack;
    private /*@ spec_public @*/ final int[] pos;
    private /*@ spec_public @*/ int freeCount;

    //@ public invariant stack != pos && stack.length == pos.length;
    //@ public invariant 1 <= stack.length && stack.length <= 0x3ffffffe;
    //@ public invariant 0 <= freeCount && freeCount <= stack.length;
    /*@ public invariant (\forall int i; 0 <= i && i < freeCount;
      @                     0 <= stack[i] && stack[i] < stack.length && pos[stack[i]] == i);
      @ public invariant (\forall int b; 0 <= b && b < pos.length;
      @                     -1 <= pos[b] && pos[b] < freeCount && (pos[b] >= 0 ==> stack[pos[b]] == b));
      @*/

    private OffByOnePool() {
        stack = new int[1];
        pos = new int[1];
    }

    /*@ public normal_behavior
      @ requires freeCount > 0;
      @ ensures 0 <= \result && \result < stack.length;
      @ ensures \old(pos[\result]) >= 0 && pos[\result] == -1;
      @ ensures freeCount == \old(freeCount) - 1;
      @ ensures (\forall int b; 0 <= b && b < pos.length && b != \result; pos[b] == \old(pos[b]));
      @ assignable pos[*], freeCount;
      @*/
    public int allocate() {
        int block = stack[freeCount];
        freeCount--;
        pos[block] = -1;
        return block;
    }
}
