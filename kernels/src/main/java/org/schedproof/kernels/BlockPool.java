package org.schedproof.kernels;

/**
 * The paged KV block pool's ownership ledger (Kwon et al., "Efficient Memory Management for Large Language Model
 * Serving with PagedAttention", SOSP'23, section 4.2; vLLM {@code vllm/core/block/naive_block.py}, whose free list is
 * a deque popped and pushed at one end): blocks {@code 0 .. numBlocks-1}, each free or owned. The free blocks form a
 * stack: allocation takes the block released last (a fresh pool hands out 0, 1, 2, ...), the written tie rule that
 * makes runs reproducible. {@code pos} indexes the stack, so "the stack holds exactly the free blocks" is a pair of
 * quantified invariants and both operations are O(1).
 *
 * <p>Proved (proofs/REPORT.md): allocation hands out a block that was free and no other block changes state; release
 * takes back an owned block only (no double free) and no other block changes state; the free count always equals the
 * number of free blocks, since {@code pos} is a bijection from the free blocks onto {@code 0 .. freeCount-1}
 * (conservation); and an owned block is never handed out again before it is released (no use after free).
 */
public final class BlockPool {
    /** Largest pool (keeps every index arithmetic inside int). */
    public static final int MAX_BLOCKS = 0x3ffffffe;

    /** The free block ids, {@code stack[0 .. freeCount)}; the top is handed out next. */
    private /*@ spec_public @*/ final int[] stack;
    /** {@code pos[b]}: the index of free block {@code b} in {@code stack}, or -1 when {@code b} is owned. */
    private /*@ spec_public @*/ final int[] pos;
    private /*@ spec_public @*/ int freeCount;

    //@ public invariant stack != pos && stack.length == pos.length;
    //@ public invariant 1 <= stack.length && stack.length <= MAX_BLOCKS;
    //@ public invariant 0 <= freeCount && freeCount <= stack.length;
    /*@ public invariant (\forall int i; 0 <= i && i < freeCount;
      @                     0 <= stack[i] && stack[i] < stack.length && pos[stack[i]] == i);
      @ public invariant (\forall int b; 0 <= b && b < pos.length;
      @                     -1 <= pos[b] && pos[b] < freeCount && (pos[b] >= 0 ==> stack[pos[b]] == b));
      @*/

    /*@ public normal_behavior
      @ requires 1 <= numBlocks && numBlocks <= MAX_BLOCKS;
      @ ensures stack.length == numBlocks && freeCount == numBlocks;
      @ ensures (\forall int b; 0 <= b && b < numBlocks; pos[b] >= 0);
      @ ensures \fresh(stack) && \fresh(pos);
      @*/
    public BlockPool(int numBlocks) {
        stack = new int[numBlocks];
        pos = new int[numBlocks];
        /*@ loop_invariant 0 <= k && k <= numBlocks;
          @ loop_invariant (\forall int j; 0 <= j && j < k; stack[j] == numBlocks - 1 - j);
          @ loop_invariant (\forall int b; numBlocks - k <= b && b < numBlocks; pos[b] == numBlocks - 1 - b);
          @ assignable stack[*], pos[*];
          @ decreases numBlocks - k;
          @*/
        for (int k = 0; k < numBlocks; k++) {
            stack[k] = numBlocks - 1 - k;
            pos[numBlocks - 1 - k] = k;
        }
        freeCount = numBlocks;
    }

    /*@ public normal_behavior
      @ ensures \result == stack.length;
      @ assignable \strictly_nothing;
      @*/
    public int numBlocks() {
        return stack.length;
    }

    /*@ public normal_behavior
      @ ensures \result == freeCount;
      @ assignable \strictly_nothing;
      @*/
    public int freeCount() {
        return freeCount;
    }

    /*@ public normal_behavior
      @ requires 0 <= block && block < stack.length;
      @ ensures \result == (pos[block] >= 0);
      @ assignable \strictly_nothing;
      @*/
    public boolean isFree(int block) {
        return pos[block] >= 0;
    }

    /** Takes the block on top of the free stack. */
    /*@ public normal_behavior
      @ requires freeCount > 0;
      @ ensures 0 <= \result && \result < stack.length;
      @ ensures \old(pos[\result]) >= 0 && pos[\result] == -1;
      @ ensures freeCount == \old(freeCount) - 1;
      @ ensures (\forall int b; 0 <= b && b < pos.length && b != \result; pos[b] == \old(pos[b]));
      @ assignable pos[stack[freeCount - 1]], freeCount;
      @*/
    public int allocate() {
        freeCount--;
        int block = stack[freeCount];
        pos[block] = -1;
        return block;
    }

    /**
     * Returns an owned block to the top of the free stack. ({@code freeCount < numBlocks} follows from the invariant
     * once a block is owned, by counting; it is stated because KeY's auto mode does not count.)
     */
    /*@ public normal_behavior
      @ requires 0 <= block && block < stack.length && pos[block] == -1 && freeCount < stack.length;
      @ ensures pos[block] == freeCount - 1;
      @ ensures freeCount == \old(freeCount) + 1;
      @ ensures (\forall int b; 0 <= b && b < pos.length && b != block; pos[b] == \old(pos[b]));
      @ assignable stack[freeCount], pos[block], freeCount;
      @*/
    public void release(int block) {
        stack[freeCount] = block;
        pos[block] = freeCount;
        freeCount++;
    }
}
