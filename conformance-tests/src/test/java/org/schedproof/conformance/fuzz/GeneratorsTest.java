package org.schedproof.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.schedproof.conformance.fuzz.gen.Generators;
import org.schedproof.engine.core.Engine;

/** A case is a value: (generator, version, seed) gives the same workload and engine; the space is covered. */
class GeneratorsTest {
    @Test
    void theSameSeedGivesTheSameCase() {
        for (long seed = 0; seed < 200; seed++) {
            FuzzCase a = Generators.generate(seed, 20);
            FuzzCase b = Generators.generate(seed, 20);
            assertThat(b.workload().digest()).as("seed %d", seed).isEqualTo(a.workload().digest());
            assertThat(b.config()).as("seed %d", seed).isEqualTo(a.config());
            assertThat(b.params()).as("seed %d", seed).isEqualTo(a.params());
            assertThat(b.recipe()).isEqualTo(a.recipe());
        }
    }

    @Test
    void casesFitTheirEngineAndStayWithinTheSize() {
        Set<String> digests = new HashSet<>();
        for (long seed = 0; seed < 1000; seed++) {
            FuzzCase c = Generators.generate(Campaign.caseSeed(9, seed), 20);
            assertThat(c.workload().size()).as("seed %d", seed).isBetween(1, 20);
            Engine.checkFits(c.config(), c.workload().requests());
            assertThat(c.generator()).isEqualTo("mix:20");
            assertThat(c.version()).isEqualTo(Generators.VERSION);
            digests.add(c.workload().digest());
        }
        assertThat(digests).as("distinct workloads of 1000 seeds").hasSizeGreaterThan(990);
    }

    @Test
    void everyRegisteredPartIsDrawn() {
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 600; seed++) seen.addAll(List.of(Generators.generate(seed, 20).recipe().split(" ")));
        Generators.space().forEach((concern, names) -> {
            if (concern.equals("params")) return;
            for (String n : names) {
                assertThat(seen).as("%s=%s drawn in 600 seeds", concern, n).contains(concern + "=" + n);
            }
        });
    }

    @Test
    void realTracesResampledAndPromptsShareWhereTheStructureSaysSo() {
        boolean shared = false;
        for (long seed = 0; seed < 400 && !shared; seed++) {
            FuzzCase c = Generators.generate(seed, 20);
            if (!c.recipe().contains("prefixes=system-prompt") || c.workload().size() < 2) continue;
            var rs = c.workload().requests();
            shared = rs.stream().anyMatch(r -> rs.stream().anyMatch(q -> q != r && q.client().equals(r.client())
                    && q.prompt().keys()[0] == r.prompt().keys()[0]));
        }
        assertThat(shared).as("two requests of one client share a system prompt").isTrue();
    }
}
