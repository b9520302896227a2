package org.schedproof.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.schedproof.conformance.fuzz.Replay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code schedproof replay CASE}: re-runs a saved fuzz case and compares its trace with the saved one byte for byte. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-runs a case saved by 'schedproof fuzz' or 'schedproof minimize' (a folder with case.json, "
                + "workload.jsonl, trace.jsonl, verdict.txt) on the same target, engine and oracles, prints the verdict "
                + "and whether the trace equals the saved trace byte for byte.",
                "Exit status: 0 the case passes now, 1 it still fails, 2 the case cannot be read."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CASE", description = "A saved case folder, e.g. out/fuzz/failures/safe-budget-00ab...")
    Path dir;

    @Option(names = "--trace-out", paramLabel = "FILE", description = "Also write the trace of this run to FILE.")
    Path traceOut;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Replay.Outcome o = Replay.run(dir);
        out.println("case " + o.saved().id() + ": " + o.saved().target().describe() + ", oracles " + o.saved().oracles()
                + ", " + o.saved().workload().size() + " requests");
        if (!o.saved().origin().isEmpty()) out.println("from " + o.saved().origin());
        out.println("saved failure: " + o.saved().failure());
        out.println(o.run().verdict());
        if (traceOut != null) java.nio.file.Files.write(traceOut, o.run().traceBytes());
        if (o.sameTrace()) {
            out.println("reproduced byte for byte: the trace equals " + dir.resolve("trace.jsonl") + " ("
                    + o.run().lines().size() + " lines)");
        } else {
            out.println("the trace differs from " + dir.resolve("trace.jsonl") + ": " + o.firstDifference());
        }
        out.flush();
        return o.run().verdict().passed() ? 0 : 1;
    }
}
