package org.schedproof.proofs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder KeY loads: KeY reads every file of a folder and rejects most of modern Java, so the kernels' sources are
 * copied, package directories kept, into a folder of their own (package-info files left out: they hold no code).
 */
public final class KernelSources {
    private KernelSources() {
    }

    /** Copies the {@code .java} files under {@code sourceRoot} into a fresh {@code target} and returns it. */
    public static Path copy(Path sourceRoot, Path target) {
        try {
            if (!Files.isDirectory(sourceRoot)) {
                throw new IllegalArgumentException("no kernel sources at " + sourceRoot.toAbsolutePath());
            }
            delete(target);
            List<Path> files;
            try (Stream<Path> s = Files.walk(sourceRoot)) {
                files = s.filter(p -> p.toString().endsWith(".java"))
                        .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                        .sorted().toList();
            }
            for (Path f : files) {
                Path to = target.resolve(sourceRoot.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) Files.delete(p);
        }
    }
}
