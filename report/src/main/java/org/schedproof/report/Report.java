package org.schedproof.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.schedproof.report.certify.CertifyPage;
import org.schedproof.report.fuzz.FuzzPage;
import org.schedproof.report.html.Page;
import org.schedproof.report.run.RunSection;
import org.schedproof.report.run.RunSeries;
import org.schedproof.report.run.RunCharts;

/**
 * {@code schedproof report}: one self-contained HTML page about traces and the output directories of simulate,
 * compare, certify and fuzz (see {@link Inputs}), with SVG plots drawn by JFreeChart.
 */
public final class Report {
    private Report() {}

    /** Writes the page about {@code inputs} to {@code out} (its parent folders created). */
    public static void write(List<Path> inputs, Path out) throws IOException {
        String html = html(inputs);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(out, html, StandardCharsets.UTF_8);
    }

    /** The page about {@code inputs}, as text. */
    public static String html(List<Path> inputs) throws IOException {
        if (inputs.isEmpty()) throw new IllegalArgumentException("no input: give a trace or an output directory");
        List<Inputs.Input> classified = new ArrayList<>();
        for (Path p : inputs) classified.add(Inputs.classify(p));
        Page page = new Page();
        int n = 0;
        for (Inputs.Input in : classified) {
            String id = "in" + n++;
            switch (in.kind()) {
                case TRACE, RUN -> run(page, id, in);
                case COMPARE -> compare(page, id, in);
                case CLUSTER -> cluster(page, id, in);
                case CERTIFY -> CertifyPage.write(page, id, in.path());
                case FUZZ -> FuzzPage.write(page, id, in.path());
            }
        }
        List<String> names = inputs.stream().map(Path::toString).toList();
        return page.render("schedproof report", "From " + String.join(", ", names) + ". Times are virtual "
                + "(the engine's clock, spec/COST.md), never wall-clock.");
    }

    private static void run(Page page, String id, Inputs.Input in) throws IOException {
        Path trace = in.traces().get(0);
        RunSeries r = RunSection.read(trace);
        page.section(id, "Run: " + trace);
        page.table(RunSection.summary(List.of(r.header().policy()), List.of(r)));
        RunSection.violations(page, r);
        RunSection.figures(page, id, r.header().policy(), r, true);
    }

    private static void compare(Page page, String id, Inputs.Input in) throws IOException {
        List<String> labels = new ArrayList<>();
        List<RunSeries> runs = new ArrayList<>();
        for (Path t : in.traces()) {
            labels.add(t.getParent().getFileName().toString());
            runs.add(RunSection.read(t));
        }
        page.section(id, "Compare: " + in.path() + " (" + runs.size() + " runs)");
        page.table(RunSection.summary(labels, runs));
        RunSection.cdfs(page, id, labels, runs);
        for (int i = 0; i < runs.size(); i++) {
            page.details("Run " + labels.get(i) + ": " + in.traces().get(i), false);
            RunSection.violations(page, runs.get(i));
            RunSection.figures(page, id + "-r" + i, labels.get(i), runs.get(i), false);
            page.endDetails();
        }
    }

    private static void cluster(Page page, String id, Inputs.Input in) throws IOException {
        List<String> labels = new ArrayList<>();
        List<RunSeries> workers = new ArrayList<>();
        for (Path t : in.traces()) {
            labels.add("worker " + Inputs.workerIndex(t));
            workers.add(RunSection.read(t));
        }
        page.section(id, "Cluster: " + in.path() + " (" + workers.size() + " workers)");
        page.table(RunSection.summary(labels, workers));
        page.figure(RunCharts.workers(id + "-load", labels, workers));
        RunSection.cdfs(page, id, labels, workers);
        for (int i = 0; i < workers.size(); i++) {
            page.details(labels.get(i) + ": " + in.traces().get(i), false);
            RunSection.figures(page, id + "-w" + i, labels.get(i), workers.get(i), false);
            page.endDetails();
        }
    }
}
