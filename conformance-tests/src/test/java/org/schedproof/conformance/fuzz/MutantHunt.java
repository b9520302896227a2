package org.schedproof.conformance.fuzz;

import java.util.List;
import org.schedproof.conformance.certify.Level;
import org.schedproof.conformance.mutants.Gallery;
import org.schedproof.conformance.mutants.Mutant;

/**
 * Measures the fuzzer on the mutant gallery and prints conformance-tests/README.md's table: per mutant, the cases of a
 * seeded campaign (oracles L2, at most {@code max} requests per case) until the first failure, requests before and
 * after shrinking, and seconds. Not a test ({@link MutantsFoundTest} asserts the budgets); run with
 * {@code java -cp ... org.schedproof.conformance.fuzz.MutantHunt [budget] [mutant...]}.
 */
public final class MutantHunt {
    private MutantHunt() {}

    public static void main(String[] args) throws Exception {
        long budget = args.length > 0 ? Long.parseLong(args[0]) : 5000;
        List<String> names = args.length > 1 ? List.of(args).subList(1, args.length)
                : Gallery.all().stream().map(Mutant::name).toList();
        System.out.println("| mutant | found as | cases to first failure | requests before -> after shrinking | shrink runs | seconds (search + shrink) |");
        System.out.println("|---|---|---|---|---|---|");
        for (String n : names) {
            long t0 = System.nanoTime();
            Campaign.Result r = hunt(n, budget);
            double secs = (System.nanoTime() - t0) / 1e9;
            if (r.found().isEmpty()) {
                System.out.printf("| `%s` | not found | > %d | | | %.1f |%n", n, budget, secs);
                continue;
            }
            Campaign.Found f = r.found().get(0);
            System.out.printf("| `%s` | %s | %d | %d -> %d | %d | %.1f |%n", n, f.failure(), f.caseNumber(),
                    f.requestsBefore(), f.requestsAfter(), f.shrinkRuns(), secs);
        }
    }

    /** The campaign the gallery is measured with: seed 1, oracles L2, stops at the first failure's case. */
    static Campaign.Result hunt(String mutant, long budget) throws java.io.IOException {
        Campaign.Settings s = new Campaign.Settings(Target.mutant(mutant), new Oracles(Level.L2), SEED, budget, null, 0, 1,
                MAX_REQUESTS, null, SHRINK_RUNS);
        return Campaign.run(s, new Campaign.Listener() {}, true);
    }

    static final long SEED = 1;
    static final int MAX_REQUESTS = 20;
    static final int SHRINK_RUNS = 3000;
}
