package org.schedproof.spec.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TRACE.md "Canonical form" says a port in another language gets the canonical bytes from its standard JSON library:
 * in Python, {@code json.dumps(obj, separators=(",", ":"), ensure_ascii=False)} with keys in the documented order.
 * This re-encodes every line with Python and compares bytes. Skipped where python3 is not installed.
 */
class CanonicalFormPythonTest {
    @TempDir
    Path dir;

    @Test
    void pythonReencodesEveryLineToTheSameBytes() throws IOException, InterruptedException {
        assumeTrue(python() != null, "python3 not found on PATH");
        List<TraceEvent> events = new ArrayList<>(SampleTraces.small());
        Path a = dir.resolve("small.jsonl");
        Files.write(a, TraceWriter.toBytes(events));
        Path b = dir.resolve("random.jsonl");
        Files.write(b, TraceWriter.toBytes(SampleTraces.random(11, 400, true)));
        String script = String.join("\n",
                "import json, sys",
                "for name in sys.argv[1:]:",
                "    data = open(name, 'rb').read()",
                "    out = b''.join(json.dumps(json.loads(l), separators=(',', ':'), ensure_ascii=False)"
                        + ".encode('utf-8') + b'\\n' for l in data.decode('utf-8').split('\\n')[:-1])",
                "    if out != data:",
                "        i = next(i for i in range(min(len(out), len(data))) if out[i] != data[i])",
                "        print(name, 'differs at byte', i, data[max(0, i - 40):i + 40], out[max(0, i - 40):i + 40])",
                "        sys.exit(1)",
                "print('ok')");
        Process p = new ProcessBuilder(python(), "-c", script, a.toString(), b.toString()).redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(out.trim()).isEqualTo("ok");
        assertThat(p.exitValue()).isZero();
    }

    private static String python() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "python3");
            if (Files.isExecutable(candidate)) return candidate.toString();
        }
        return null;
    }
}
