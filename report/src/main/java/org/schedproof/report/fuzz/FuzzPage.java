package org.schedproof.report.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.report.html.Page;
import org.schedproof.report.html.Table;
import org.schedproof.report.html.Table.Cell;
import org.schedproof.report.run.Timeline;
import org.schedproof.spec.Request;

/**
 * The page about a fuzz campaign's output (h-fuzz's format, read as JSON and files, not through the fuzzer's
 * classes): {@code DIR/summary.json} and every saved failure {@code DIR/failures/ID/} with {@code case.json},
 * {@code workload.jsonl} (the shrunk workload), {@code trace.jsonl} and {@code verdict.txt}. Each failure gets its
 * facts, its verdict, its shrunk workload as a table and a requests x steps timeline of its trace.
 */
public final class FuzzPage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FuzzPage() {}

    /** A fuzz output directory (with failures/) or one saved case folder (with case.json). */
    public static void write(Page page, String id, Path dir) throws IOException {
        List<Path> cases;
        if (Files.isRegularFile(dir.resolve("case.json"))) {
            cases = List.of(dir);
        } else {
            try (Stream<Path> s = Files.list(dir.resolve("failures"))) {
                cases = s.filter(d -> Files.isRegularFile(d.resolve("case.json"))).sorted().toList();
            }
        }
        page.section(id, "Fuzz: " + dir + " (" + cases.size() + (cases.size() == 1 ? " failure)" : " failures)"));
        Path summary = dir.resolve("summary.json");
        if (Files.isRegularFile(summary)) summary(page, id, read(summary));
        if (cases.isEmpty()) page.note("No saved failure under " + dir.resolve("failures") + ".");
        for (Path c : cases) failure(page, anchor(id, c.getFileName().toString()), c);
    }

    /** The anchor of the saved case in folder {@code name}. */
    private static String anchor(String id, String name) {
        return id + "-" + name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static void summary(Page page, String id, JsonNode s) {
        Table t = new Table("campaign", "");
        t.row("target", s.path("target").asText());
        t.row("oracles", s.path("oracles").asText());
        t.row("seed, shards", s.path("seed").asText() + ", " + s.path("shards").toString());
        t.row(Cell.text("cases (failing)"), Cell.num(s.path("cases").asLong() + " (" + s.path("failingCases").asLong()
                + ")"));
        t.row(Cell.text("wall time (s)"), Cell.num(String.format(Locale.ROOT, "%.1f", s.path("seconds").asDouble())));
        page.table(t);
        Table f = new Table("failing invariant", "cases", "saved shrunk cases");
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("failures").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            StringBuilder links = new StringBuilder();
            for (JsonNode saved : e.getValue().path("saved")) {
                String name = saved.asText().substring(saved.asText().lastIndexOf('/') + 1);
                links.append(links.length() == 0 ? "" : ", ").append("<a href=\"#").append(Page.attr(anchor(id, name)))
                        .append("\">").append(Page.esc(saved.asText())).append("</a>");
            }
            f.row(Cell.text(e.getKey()), Cell.num(e.getValue().path("cases").asText()),
                    Cell.html(links.length() == 0 ? "none saved under this invariant" : links.toString(),
                            ""));
        }
        if (!f.isEmpty()) page.table(f);
    }

    private static void failure(Page page, String id, Path dir) throws IOException {
        JsonNode c = read(dir.resolve("case.json"));
        JsonNode target = c.path("target");
        page.h3(id, dir.getFileName() + ": " + c.path("failure").asText("(no failure recorded)"));
        Table t = new Table("case", "");
        t.row("target", target.path("kind").asText() + " " + target.path("policy").asText() + "/"
                + target.path("batching").asText() + (target.has("mutant") ? " mutant " + target.path("mutant").asText()
                : "") + (target.has("port") ? " port " + target.path("port") : ""));
        t.row("oracles", c.path("oracles").asText());
        t.row("parameters", c.path("params").toString());
        JsonNode e = c.path("engine");
        t.row("engine", String.format(Locale.ROOT, "budget %d, %d blocks of %d, watermark %d, max running %d, "
                + "prefix caching %s, model %s", e.path("tokenBudget").asInt(), e.path("numBlocks").asInt(),
                e.path("blockSize").asInt(), e.path("watermarkBlocks").asInt(), e.path("maxRunning").asInt(),
                e.path("prefixCaching").asText(), e.path("model").path("shape").asText()));
        t.row("origin", c.path("origin").asText());
        t.row("folder", dir.toString());
        page.table(t);
        Path verdict = dir.resolve("verdict.txt");
        if (Files.isRegularFile(verdict)) page.pre(Files.readString(verdict, StandardCharsets.UTF_8).strip());
        Path workload = dir.resolve("workload.jsonl");
        if (Files.isRegularFile(workload)) {
            Workload w = Workloads.load("schedproof:" + workload);
            Table rq = new Table("request", "client", "arrival (us)", "prompt tokens", "prompt segments [key, end]",
                    "max new tokens");
            for (Request r : w.requests()) {
                StringBuilder seg = new StringBuilder();
                for (int i = 0; i < r.prompt().keys().length; i++) {
                    seg.append(i == 0 ? "" : " ").append('[').append(r.prompt().keys()[i]).append(", ")
                            .append(r.prompt().ends()[i]).append(']');
                }
                rq.row(Cell.num(Long.toString(r.id())), Cell.text(r.client()), Cell.num(Long.toString(r.arrivalUs())),
                        Cell.num(Integer.toString(r.promptLength())), Cell.text(seg.toString()),
                        Cell.num(Integer.toString(r.maxNewTokens())));
            }
            page.p("Shrunk workload (" + w.requests().size() + " requests, " + w.digest() + "):").table(rq);
        }
        Path trace = dir.resolve("trace.jsonl");
        if (Files.isRegularFile(trace)) {
            page.figure(Timeline.of(id + "-timeline", "Timeline of the shrunk trace", trace, 0, Long.MAX_VALUE));
        }
    }

    private static JsonNode read(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not readable JSON: " + e.getMessage(), e);
        }
    }
}
