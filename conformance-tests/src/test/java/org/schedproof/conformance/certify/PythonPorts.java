package org.schedproof.conformance.certify;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Python ports and hostile scripts of this checkout, for certify's tests; skips without python3. */
final class PythonPorts {
    private PythonPorts() {}

    private static Boolean present;

    static void assumePython() {
        if (present == null) {
            try {
                Process p = new ProcessBuilder("python3", "-c", "import sys; assert sys.version_info >= (3, 9)")
                        .redirectErrorStream(true).start();
                present = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException | InterruptedException e) {
                present = false;
            }
        }
        assumeTrue(present, "python3 (3.9 or later) is not on PATH: the Python ports cannot run");
    }

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("ports/python/schedproof_port.py"))) return p;
        }
        throw new IllegalStateException("ports/python not found above " + Path.of("").toAbsolutePath());
    }

    static List<String> port(String file) {
        return List.of("python3", root().resolve("ports/python").resolve(file).toString());
    }

    static List<String> hostile(String file) {
        return List.of("python3", root().resolve("conformance-tests/src/test/resources/hostile").resolve(file).toString());
    }

    /** A copy of the FCFS port and its library in {@code dir}, to be changed by a test. */
    static Path copyOfFcfsPort(Path dir) throws IOException {
        for (String f : List.of("fcfs_sarathi.py", "stall_free.py", "schedproof_port.py")) {
            Files.copy(root().resolve("ports/python").resolve(f), dir.resolve(f));
        }
        return dir.resolve("fcfs_sarathi.py");
    }
}
