package org.schedproof.invariants;

import java.util.Map;

/**
 * Hand-built DLPM traces: quantum 8, w_p 1, w_q 2, budget 8; request i belongs to client c(i mod 2); prompts of 4,
 * one token each. Deficits are worked out in the comments.
 */
final class DlpmTraces {
    private DlpmTraces() {}

    static TraceBuilder dlpm() {
        return new TraceBuilder(TraceBuilder.SMALL, "dlpm", "sarathi", Map.of("quantum", "8"));
    }

    /**
     * Requests 0 (c0), 1 (c1), 2 (c0). Step 0: both backlogged at 0, so one round: 8 and 8; 0 and 1 admitted (gates
     * 8 - 0 > 0), each then charged 4 + 2: 2 and 2. Step 1: only c0 backlogged, with 2 > 0: no refill; request 2
     * (gate 2 - 0 > 0), charged 6: c0 at -4.
     */
    static TraceBuilder fair(long c0AtStep1, long refillsAtStep1) {
        return dlpm().arrive(0, 4, 1).arrive(1, 4, 1).arrive(2, 4, 1)
                .step().slice(0, 0, 4).slice(1, 0, 4).emit(0, 1).finish(0, 1)
                .witness("dlpm.q.c0", 8, "dlpm.q.c1", 8, "dlpm.refills", 1).done()
                .step().slice(2, 0, 4).emit(2).finish(2)
                .witness("dlpm.q.c0", c0AtStep1, "dlpm.q.c1", 2, "dlpm.refills", refillsAtStep1).done()
                .end();
    }

    static TraceBuilder fair() {
        return fair(2, 1);
    }
}
