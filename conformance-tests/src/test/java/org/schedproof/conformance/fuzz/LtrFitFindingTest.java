package org.schedproof.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A finding of the fuzzer, kept as a saved case (src/test/resources/fuzz/ltr-fit-finding, found by a campaign of
 * {@code ltr} and shrunk to 4 requests): LTR's default {@code admission=fit} admits a waiting request only while its
 * prompt plus its <em>predicted</em> output fits the pool; request 3 (11 prompt + 5 output tokens = the 16 usable
 * blocks of size 1) is predicted 6 tokens, so it never fits and waits forever although it could run (LIVE-PROGRESS).
 * The test also shows {@code replay} reproducing a saved case byte for byte.
 */
class LtrFitFindingTest {
    static final Path CASE = Path.of("src/test/resources/fuzz/ltr-fit-finding");

    @Test
    void theSavedCaseReplaysByteForByteAndStillStallsLtr() throws Exception {
        Replay.Outcome o = Replay.run(CASE);
        assertThat(o.sameTrace()).as(o.firstDifference()).isTrue();
        assertThat(o.saved().workload().size()).isEqualTo(4);
        assertThat(o.run().verdict().ids()).contains("LIVE-PROGRESS", "ENGINE-LIVENESS");
        assertThat(o.run().verdict().toString()).contains("1 requests wait and 0 run");
    }
}
