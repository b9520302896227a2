package org.schedproof.conformance.certify;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.invariants.Checker;
import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;

/**
 * DIFF-TRACE (spec/INVARIANTS.md, Differential): the candidate writes the reference's trace byte for byte, every line
 * (header, arrivals, steps with their witnesses and timings, completions, end) equal. The contract between our own
 * engines (the optimized FastEngine with the indexed policies and the reference engine), stronger than
 * {@link ScheduleDifferential}'s. Fed the candidate's events as they are produced, it keeps the first differing line:
 * its number (from 1) and both lines.
 */
public final class TraceDifferential implements Checker {
    public static final String ID = "DIFF-TRACE";
    private static final String END = "<end>";

    private final List<String> expected;
    private final String expectedName;
    private final List<Violation> violations = new ArrayList<>(1);
    private int line;
    /** The index of the candidate's last step line so far, -1 before the first: where a violation is placed. */
    private long step = -1;

    /** Compares against {@code expectedEvents}, a whole trace of the twin called {@code expectedName} in messages. */
    public TraceDifferential(List<TraceEvent> expectedEvents, String expectedName) {
        this.expected = expectedEvents.stream().map(TraceWriter::line).toList();
        this.expectedName = expectedName;
    }

    /** A differential that fails before the first line for {@code reason} (the twin could not be run). */
    public static TraceDifferential failed(String reason) {
        TraceDifferential d = new TraceDifferential(List.of(), "twin");
        d.violations.add(new Violation(ID, -1, Violation.NO_REQUEST, reason));
        return d;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String statement() {
        return "the same trace, byte for byte, as the reference engine's (our optimized engine against the reference)";
    }

    @Override
    public void accept(TraceEvent event) {
        if (!violations.isEmpty()) return;
        if (event instanceof TraceEvent.Step s) step = s.index();
        String mine = TraceWriter.line(event);
        String theirs = line < expected.size() ? expected.get(line) : END;
        line++;
        if (!mine.equals(theirs)) {
            differ(line, theirs, mine);
        } else if (event instanceof TraceEvent.End && line < expected.size()) {
            differ(line + 1, expected.get(line), END);
        }
    }

    private void differ(int number, String theirs, String mine) {
        violations.add(new Violation(ID, step, Violation.NO_REQUEST, describe(number, expectedName, theirs, "candidate", mine)));
    }

    /** Null when the two traces' lines are equal, else their first differing line (numbered from 1) in both. */
    public static String firstDifference(List<String> expected, List<String> actual, String expectedName, String actualName) {
        int i = 0;
        while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) i++;
        if (i == expected.size() && i == actual.size()) return null;
        return describe(i + 1, expectedName, i < expected.size() ? expected.get(i) : END, actualName,
                i < actual.size() ? actual.get(i) : END);
    }

    private static String describe(int number, String expectedName, String expected, String actualName, String actual) {
        int w = Math.max(expectedName.length(), actualName.length()) + 1;
        return "trace line " + number + " differs\n  " + pad(expectedName + ":", w) + " " + expected + "\n  "
                + pad(actualName + ":", w) + " " + actual;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    @Override
    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    @Override
    public long violationCount() {
        return violations.size();
    }
}
