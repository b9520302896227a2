package org.schedproof.invariants;

/**
 * Hand-built VTC traces (w_p 1, w_q 2, weights 1, budget 8). Requests: id i belongs to client c(i mod 2); clients are
 * indexed by first arrival, so c0 (request 0) is 0 and c1 is 1. Every counter below is worked out in the comments.
 */
final class VtcTraces {
    private VtcTraces() {}

    /**
     * Requests 0 (c0), 1 (c1), 2 (c0), prompts of 4, one token each, all at time 0. Step 0: c0 and c1 both 0, the tie
     * goes to c0 (index 0): request 0, c0 then 4 by its prompt; then c1 (0 < 4): request 1. After the step each is
     * charged 4 + 2 = 6. Step 1: only c0 waits: request 2. Witnesses: step 0 {0, 0}, step 1 {6, 6}.
     */
    static TraceBuilder fair(long firstAdmitted, long secondAdmitted, long c0AtStep1) {
        return TraceBuilder.vtc().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1)
                .step().slice(firstAdmitted, 0, 4).slice(secondAdmitted, 0, 4).emit(firstAdmitted, secondAdmitted)
                .finish(firstAdmitted, secondAdmitted).witness("vtc.c.c0", 0, "vtc.c.c1", 0).done()
                .step().slice(3 - firstAdmitted - secondAdmitted, 0, 4).emit(3 - firstAdmitted - secondAdmitted)
                .finish(3 - firstAdmitted - secondAdmitted).witness("vtc.c.c0", c0AtStep1, "vtc.c.c1", 6).done()
                .end();
    }

    static TraceBuilder fair() {
        return fair(0, 1, 6);
    }

    /**
     * Requests 0 and 2 (c0) at time 0; step 0 admits 0 (c0: 4 + 2 = 6). Then request 1 (c1) arrives: c1's queue goes
     * non-empty while c0 waits with 6, so c1 is lifted from 0 to 6. Step 1: tie at 6, c0 first (request 2), then c1.
     */
    static TraceBuilder lift(long c1AtStep1) {
        return TraceBuilder.vtc().arrive(0, 4, 1).arrive(2, 4, 1)
                .step().slice(0, 0, 4).emit(0).finish(0).witness("vtc.c.c0", 0).done()
                .arrive(1, 4, 1)
                .step().slice(2, 0, 4).slice(1, 0, 4).emit(2, 1).finish(2, 1)
                .witness("vtc.c.c0", 6, "vtc.c.c1", c1AtStep1).done()
                .end();
    }
}
