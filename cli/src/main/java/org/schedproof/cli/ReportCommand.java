package org.schedproof.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.schedproof.report.Report;
import org.schedproof.spec.trace.TraceFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code schedproof report}: one self-contained HTML page with plots of traces and output directories. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes one self-contained HTML page (inline SVG and CSS, nothing fetched) about traces and "
                + "the output directories of simulate, compare, certify and fuzz: service per client against the "
                + "proved bound, service gap, TTFT/TBT/end-to-end CDFs, batch composition, KV cache, queue length, "
                + "per-worker load.", "Exit status: 0 written, 2 bad input."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "A trace (.jsonl or .jsonl.gz) or an output directory of simulate, compare, certify or fuzz.")
    List<Path> inputs;

    @Option(names = "--out", defaultValue = "report.html", paramLabel = "FILE.html",
            description = "The page to write. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Report.write(inputs, out);
        } catch (IllegalArgumentException | TraceFormatException | UncheckedIOException e) {
            err.println("schedproof: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("schedproof: " + e);
            return 2;
        }
        spec.commandLine().getOut().println("report    " + out);
        return 0;
    }

    /** For simulate and compare --report: the page about {@code dir}, written to DIR/report.html. */
    static int beside(Path dir, PrintWriter out, PrintWriter err) {
        Path page = dir.resolve("report.html");
        try {
            Report.write(List.of(dir), page);
        } catch (IOException | RuntimeException e) {
            err.println("schedproof: report: " + e.getMessage());
            return 2;
        }
        out.println("report    " + page);
        out.flush();
        return 0;
    }
}
