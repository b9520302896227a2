package org.schedproof.conformance.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.schedproof.conformance.certify.TraceDifferential;

/** Re-runs a saved case ({@link SavedCase}) and compares the trace with the saved one byte for byte. */
public final class Replay {
    private Replay() {}

    /** The case as saved, the run now, and whether its trace equals the saved trace byte for byte. */
    public record Outcome(SavedCase saved, CaseRunner.Run run, boolean sameTrace, String firstDifference) {}

    public static Outcome run(Path dir) throws IOException {
        SavedCase c = SavedCase.load(dir);
        CaseRunner.Run run = new CaseRunner(c.target(), c.oracles()).run(c.workload(), c.config(), c.params(), true);
        byte[] saved = SavedCase.trace(dir);
        byte[] now = run.traceBytes();
        boolean same = Arrays.equals(saved, now);
        String diff = same ? null : TraceDifferential.firstDifference(lines(saved), run.lines(), "saved", "now");
        return new Outcome(c, run, same, diff);
    }

    private static java.util.List<String> lines(byte[] b) {
        String s = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        if (s.endsWith("\n")) s = s.substring(0, s.length() - 1);
        return s.isEmpty() ? java.util.List.of() : java.util.List.of(s.split("\n", -1));
    }
}
