package org.schedproof.report.certify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.schedproof.report.html.Page;
import org.schedproof.report.html.Table;
import org.schedproof.report.html.Table.Cell;
import org.schedproof.report.run.Timeline;

/**
 * The page about certify's output (spec/PORT.md section 10 on h-certify; read as JSON, not through the certifier's
 * classes): the verdict, a matrix workload x invariant whose failing cells link to the first violation, each
 * failing workload's details, and at L3 the first divergence as a side-by-side batch diff with the candidate's
 * timeline around it.
 */
public final class CertifyPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Steps of the candidate's trace drawn before the divergence. */
    private static final int CONTEXT = 24;

    private CertifyPage() {}

    public static void write(Page page, String id, Path dir) throws IOException {
        Path file = dir.resolve("certificate.json");
        JsonNode c;
        try {
            c = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not readable JSON: " + e.getMessage(), e);
        }
        if (!c.path("format").asText().startsWith("schedproof.certificate/")) {
            throw new IllegalArgumentException(file + ": field 'format': expected schedproof.certificate/1, got "
                    + c.path("format"));
        }
        String asked = c.path("level").asText();
        String reached = c.path("levelReached").asText("none");
        page.section(id, "Certificate: " + dir + " (" + asked + " " + (asked.equals(reached) ? "reached" : "not reached")
                + ")");
        verdict(page, c, asked, reached);
        JsonNode workloads = c.path("workloads");
        Set<String> invariants = new LinkedHashSet<>();
        for (JsonNode w : workloads) {
            for (JsonNode r : w.path("results")) invariants.add(r.path("id").asText());
        }
        page.raw("<h3>Workload x invariant</h3>");
        page.raw(matrix(id, workloads, new ArrayList<>(invariants)));
        int n = 0;
        for (JsonNode w : workloads) {
            if (failed(w)) details(page, id, n, dir, w);
            n++;
        }
    }

    private static void verdict(Page page, JsonNode c, String asked, String reached) {
        JsonNode t = c.path("target");
        String target = switch (t.path("kind").asText()) {
            case "port" -> "port " + String.join(" ", strings(t.path("command")))
                    + (c.has("portName") ? " (" + c.path("portName").asText() + ")" : "");
            case "engine" -> t.path("engine").asText() + " engine";
            default -> "traces " + String.join(" ", strings(t.path("traces")));
        };
        JsonNode s = c.path("summary");
        Table v = new Table("certificate", "");
        v.row("target", target);
        v.row("policy", c.path("policy").asText() + " " + c.path("parameters").toString());
        v.row("suite", c.has("suite") ? c.path("suite").asText() + " v" + c.path("suiteVersion").asText() : "-");
        v.row(Cell.text("level asked, reached"), Cell.html(Page.esc(asked + ", " + reached),
                asked.equals(reached) ? "pass" : "fail"));
        v.row("workloads (skipped)", s.path("workloads").asText() + " (" + s.path("skippedWorkloads").asText() + ")");
        v.row("invariant rows: passed, failed, n/a", s.path("passed").asText() + ", " + s.path("failed").asText()
                + ", " + s.path("notApplicable").asText());
        v.row("failed runs", s.path("runFailures").asText());
        v.row("harness, trace schema, protocol", c.path("harness").asText() + ", " + c.path("traceSchema").asText()
                + (c.has("protocol") ? ", " + c.path("protocol").asText() : ""));
        page.table(v);
    }

    private static String matrix(String id, JsonNode workloads, List<String> invariants) {
        StringBuilder b = new StringBuilder("<div style=\"overflow-x:auto\"><table class=\"matrix\"><thead><tr>"
                + "<th>workload</th><th>run</th>");
        for (String inv : invariants) {
            b.append("<th class=\"vert\"><span>").append(Page.esc(inv)).append("</span></th>");
        }
        b.append("</tr></thead><tbody>");
        int n = 0;
        for (JsonNode w : workloads) {
            String wid = w.path("id").asText();
            b.append("<tr><td>").append(Page.esc(wid)).append("</td>");
            if (w.has("skipped")) {
                b.append("<td class=\"na\" colspan=\"").append(invariants.size() + 1).append("\">skipped: ")
                        .append(Page.esc(w.path("skipped").asText())).append("</td></tr>");
                n++;
                continue;
            }
            String run = w.has("verdict") ? w.path("verdict").path("verdict").asText()
                    : w.path("run").has("failure") ? "failed" : "ok";
            b.append("<td class=\"").append(run.equals("ok") ? "pass" : "fail").append("\">")
                    .append(run.equals("ok") ? "ok" : "<a href=\"#" + anchor(id, n, "run") + "\">" + Page.esc(run)
                            + "</a>").append("</td>");
            for (String inv : invariants) {
                JsonNode r = result(w, inv);
                String status = r == null ? "" : r.path("status").asText();
                switch (status) {
                    case "pass" -> b.append("<td class=\"pass\" title=\"pass\">✓</td>");
                    case "fail" -> b.append("<td class=\"fail\"><a href=\"#").append(anchor(id, n, inv))
                            .append("\" title=\"").append(Page.esc(r.path("firstViolation").asText())).append("\">✗ ")
                            .append(r.path("violations").asLong()).append("</a></td>");
                    case "n/a" -> b.append("<td class=\"na\" title=\"not applicable\">n/a</td>");
                    default -> b.append("<td class=\"na\">").append(Page.esc(status)).append("</td>");
                }
            }
            b.append("</tr>");
            n++;
        }
        return b.append("</tbody></table></div>").toString();
    }

    private static void details(Page page, String id, int n, Path dir, JsonNode w) throws IOException {
        String wid = w.path("id").asText();
        page.h3(anchor(id, n, "run"), "Workload " + wid);
        Table t = new Table();
        t.row("address", w.path("address").asText());
        t.row("digest", w.path("digest").asText());
        if (w.has("verdict")) {
            JsonNode v = w.path("verdict");
            t.row(Cell.text("protocol verdict"), Cell.html(Page.esc(v.path("verdict").asText() + " at step "
                    + v.path("step").asText() + ": " + v.path("message").asText()), "fail"));
        }
        JsonNode run = w.path("run");
        if (!run.isMissingNode()) {
            t.row(Cell.text("run"), Cell.html(Page.esc(run.path("endReason").asText() + ", " + run.path("steps").asText()
                    + " steps, " + run.path("completed").asText() + " completed, " + run.path("rejectedSteps").asText()
                    + " rejected steps" + (run.has("failure") ? ": " + run.path("failure").asText() : "")),
                    run.has("failure") ? "fail" : ""));
        }
        if (w.has("trace")) t.row("trace", dir.resolve(w.path("trace").asText()).toString());
        if (w.has("portStderr")) t.row("port stderr", dir.resolve(w.path("portStderr").asText()).toString());
        page.table(t);
        for (JsonNode r : w.path("results")) {
            if (!r.path("status").asText().equals("fail")) continue;
            String inv = r.path("id").asText();
            page.raw("<p id=\"" + Page.attr(anchor(id, n, inv)) + "\"><strong class=\"bad\">" + Page.esc(inv)
                    + "</strong>: " + r.path("violations").asLong() + " violation(s); the first:</p>");
            page.pre(r.path("firstViolation").asText());
        }
        JsonNode d = w.path("divergence");
        if (!d.isMissingNode()) {
            long step = d.path("step").asLong();
            page.raw("<p id=\"" + Page.attr(anchor(id, n, "divergence")) + "\"><strong class=\"bad\">First "
                    + "divergence from the reference</strong> at step " + step + ": " + Page.esc(d.path("what").asText())
                    + "</p>");
            page.table(BatchDiff.table(d.path("referenceBatch").asText(null), d.path("candidateBatch").asText(null)));
            Path trace = w.has("trace") ? dir.resolve(w.path("trace").asText()) : null;
            if (trace != null && Files.isRegularFile(trace) && step >= 0) {
                page.figure(Timeline.of(anchor(id, n, "timeline"), "The candidate's schedule up to the divergence "
                        + "(steps " + Math.max(0, step - CONTEXT) + " to " + step + ")", trace,
                        Math.max(0, step - CONTEXT), step + 1, step, "divergence"));
            }
        }
    }

    private static boolean failed(JsonNode w) {
        if (w.has("verdict") || w.path("run").has("failure") || w.has("divergence")) return true;
        for (JsonNode r : w.path("results")) {
            if (r.path("status").asText().equals("fail")) return true;
        }
        return false;
    }

    private static JsonNode result(JsonNode w, String inv) {
        for (JsonNode r : w.path("results")) {
            if (r.path("id").asText().equals(inv)) return r;
        }
        return null;
    }

    private static String anchor(String id, int workload, String what) {
        return id + "-w" + workload + "-" + what.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
