package org.schedproof.gpu.core;

/**
 * Waiting requests of the radix cache in the order they came (a node's hanging requests, or those waiting for one
 * chain hash): a doubly linked list through the requests' own link fields, so adding and removing allocate nothing.
 * A request is in at most one list of each kind, hence two kinds with their own links.
 */
final class Waiters {
    /** Which links: the next-block lists' ({@code Sequence.nextBefore/After}) or the node lists' ({@code hang*}). */
    private final boolean nextBlock;
    Sequence head;
    private Sequence tail;

    Waiters(boolean nextBlock) {
        this.nextBlock = nextBlock;
    }

    boolean isEmpty() {
        return head == null;
    }

    /** Appends {@code s}, which is in no list of this kind. */
    void add(Sequence s) {
        link(s, tail, null);
        if (tail == null) head = s;
        else link(tail, before(tail), s);
        tail = s;
    }

    /** Removes {@code s}, which is in this list. */
    void remove(Sequence s) {
        Sequence b = before(s), a = after(s);
        if (b == null) head = a;
        else link(b, before(b), a);
        if (a == null) tail = b;
        else link(a, b, after(a));
        link(s, null, null);
    }

    private Sequence before(Sequence s) {
        return nextBlock ? s.nextBefore : s.hangBefore;
    }

    private Sequence after(Sequence s) {
        return nextBlock ? s.nextAfter : s.hangAfter;
    }

    private void link(Sequence s, Sequence before, Sequence after) {
        if (nextBlock) {
            s.nextBefore = before;
            s.nextAfter = after;
        } else {
            s.hangBefore = before;
            s.hangAfter = after;
        }
    }
}
