package org.schedproof.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.schedproof.invariants.CheckResult;
import org.schedproof.invariants.Checkers;
import org.schedproof.invariants.TraceCheck;
import org.schedproof.spec.trace.TraceFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code schedproof check}: every invariant of spec/INVARIANTS.md against one trace, by the independent checkers. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks a trace against the invariant catalogue (spec/INVARIANTS.md) with checkers that share no "
                + "code with the engines; prints pass, fail or n/a per invariant with the first violations.",
                "Exit status: 0 every applicable invariant holds, 1 one fails, 2 the trace cannot be read."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "A trace file (JSON Lines, optionally .gz).")
    Path trace;

    @Option(names = "--policy", paramLabel = "NAME", description = "Judge the trace as one of ordering policy NAME "
            + "(its policy-specific invariants apply whatever the header says; parameters still come from the header).")
    String policy;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (policy != null && !Checkers.policies().contains(policy)) {
            err.println("schedproof: --policy " + policy + ": no invariants are specific to it; known: "
                    + String.join(", ", Checkers.policies()));
            return 2;
        }
        TraceCheck.Report report;
        try {
            report = TraceCheck.run(trace, policy);
        } catch (TraceFormatException e) {
            err.println("schedproof: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("schedproof: " + trace + ": cannot read: " + e.getMessage());
            return 2;
        }
        printTable(out, report);
        out.flush();
        return report.passed() ? 0 : 1;
    }

    /** The verdict table: one row per invariant (pass, FAIL or n/a, violations, the first one), then the totals. */
    static void printTable(PrintWriter out, TraceCheck.Report report) {
        out.printf("%-20s %-6s %10s  %s%n", "invariant", "result", "violations", "first violation");
        for (CheckResult r : report.results()) {
            String result = switch (r.status()) {
                case PASS -> "pass";
                case FAIL -> "FAIL";
                case NOT_APPLICABLE -> "n/a";
            };
            out.printf("%-20s %-6s %10d  %s%n", r.id(), result, r.violationCount(),
                    r.first().isEmpty() ? "" : r.first().get(0));
        }
        out.printf("%n%d steps, %d rejected by the engine, %d violations recorded by the engine%n", report.steps(),
                report.rejectedSteps(), report.engineViolations());
    }
}
