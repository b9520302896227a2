package org.schedproof.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** spec/INVARIANTS.md and the registry agree: every registered checker is catalogued with its class and tests. */
class CatalogueTest {
    @Test
    void everyRegisteredCheckerIsInTheCatalogueWithItsClassAndTests() throws IOException {
        String catalogue = Files.readString(Path.of("..", "spec", "INVARIANTS.md"));
        for (Checkers c : Checkers.values()) {
            String cls = c.create().getClass().getSimpleName();
            assertThat(catalogue).contains("### " + c.id() + "\n");
            assertThat(catalogue).contains("| [" + c.id() + "](#" + c.id().toLowerCase() + ") |");
            assertThat(catalogue).contains("`" + cls + "`", "`" + cls + "Test`");
            assertThat(Path.of("src", "test", "java", "org", "schedproof", "invariants", cls + "Test.java")).exists();
        }
    }
}
