package org.schedproof.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium driven from the command line: {@code --dump-dom} gives the DOM after the page's scripts ran,
 * {@code --enable-logging=stderr} prints every console message as a {@code CONSOLE} line, {@code --screenshot}
 * writes a PNG. Nothing leaves the machine: every host name resolves to nothing.
 */
final class Chromium {
    /** What one run printed. */
    record Result(String dom, List<String> console) {}

    private static final long TIMEOUT_S = 90;

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** The browser named by SCHEDPROOF_CHROMIUM, else chromium, chromium-browser or google-chrome on the PATH. */
    static Optional<Chromium> find() {
        String env = System.getenv("SCHEDPROOF_CHROMIUM");
        if (env != null && !env.isBlank()) return Optional.of(new Chromium(Path.of(env)));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(new Chromium(p));
            }
        }
        return Optional.empty();
    }

    /** Loads {@code page} and returns its DOM after load and the console lines it logged. */
    Result dumpDom(Path page, Path profile) throws IOException, InterruptedException {
        Path out = Files.createTempFile("chromium-dom", ".html");
        Path err = Files.createTempFile("chromium-err", ".txt");
        try {
            run(List.of("--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString()), profile, out, err);
            List<String> console = new ArrayList<>();
            for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
                if (line.contains(":CONSOLE")) console.add(line);
            }
            return new Result(Files.readString(out, StandardCharsets.UTF_8), console);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A PNG of the page's first {@code height} CSS pixels at {@code width}. */
    void screenshot(Path page, Path png, int width, int height, Path profile) throws IOException, InterruptedException {
        Path log = Files.createTempFile("chromium", ".log");
        try {
            run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height,
                    "--screenshot=" + png.toAbsolutePath(), page.toUri().toString()), profile, log, log);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private void run(List<String> args, Path profile, Path out, Path err) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath(), "--host-resolver-rules=MAP * ~NOTFOUND"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException(binary + " did not finish within " + TIMEOUT_S + " s: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IOException(binary + " exited with " + p.exitValue() + ": " + Files.readString(err));
        }
    }
}
