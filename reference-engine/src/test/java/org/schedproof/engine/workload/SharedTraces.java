package org.schedproof.engine.workload;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's shared/traces folder: the system property {@code schedproof.traces} if set, else the first
 * ancestor of the working directory that holds shared/traces. Tests that need it are skipped when it is absent.
 */
public final class SharedTraces {
    private SharedTraces() {}

    public static Path dir() {
        String property = System.getProperty("schedproof.traces");
        if (property != null) {
            Path p = Path.of(property);
            assumeTrue(Files.isDirectory(p), "schedproof.traces=" + property + " is not a folder");
            return p;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("traces");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "shared/traces not found above " + Path.of("").toAbsolutePath()
                + " (set -Dschedproof.traces=DIR); skipping tests on the real traces");
        throw new AssertionError("unreachable");
    }

    /** The path of one shared trace file, skipping the test when it is absent. */
    public static String file(String name) {
        Path p = dir().resolve(name);
        assumeTrue(Files.isRegularFile(p), p + " is missing; skipping");
        return p.toString();
    }
}
