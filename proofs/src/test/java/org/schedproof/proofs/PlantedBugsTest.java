package org.schedproof.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The proof run can fail: copies of kernel methods with a planted bug (test resources, planted/) stay open under the
 * same settings that close the kernels, while the correct control next to them closes.
 */
@Tag("proof")
class PlantedBugsTest {
    /** Enough for the control (about 500 rule applications); a planted bug stays open at any limit. */
    static final int MAX_STEPS = 2_000;

    @Test
    void keyLeavesEveryPlantedBugOpenAndClosesTheControl() throws Exception {
        Path src = KernelSources.copy(Path.of("src/test/resources/planted"), Path.of("target/key-planted"));
        List<ContractResult> results = KeyProver.proveAll(src, MAX_STEPS, r -> System.out.printf(
                "%-8s %-50s %6d rules %6.1f s%n", r.closed() ? "closed" : "OPEN", r.id(), r.ruleApps(), r.seconds()));
        Map<String, Boolean> closed = new TreeMap<>();
        for (ContractResult r : results) closed.put(r.id(), r.closed());
        // allocate reads stack[freeCount], one past the top: the block it hands out need not be free
        assertThat(closed).containsEntry("OffByOnePool::allocate()#contract.0", false);
        // addDecode writes used, outside its assignable clause
        assertThat(closed).containsEntry("MissedFrameBudget::addDecode()#contract.0", false);
        // c[i] + amount wraps past Long.MAX_VALUE without the bound, lowering the counter
        assertThat(closed).containsEntry("OverflowCounters::charge(long[],int,long)#contract.0", false);
        assertThat(closed).containsEntry("OverflowCounters::chargeBounded(long[],int,long)#contract.0", true);
    }
}
