package org.schedproof.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of small runs rendered in headless Chromium: no console message, nothing fetched, and every plot's SVG
 * has drawn marks (elements in a palette colour inside the plot's data area, so axes, grid and legend do not
 * count). Kept under target/report-browser: the page, the DOM Chromium saw (with each figure's data-marks) and a
 * screenshot, report.png. Skips where Chromium is absent.
 */
class ReportBrowserTest {
    private static final Path OUT = Path.of("target", "report-browser");
    private static final String SMALL = "gen:poisson?requests=60&clients=3&qps=25&seed=4";

    /**
     * Counts each figure's marks and the page's external references, and writes them on the DOM. Marks: shapes whose
     * computed fill or stroke is an Okabe-Ito colour (the grid is grey, axes and text dark) and which are clipped to
     * a clip path smaller than the whole chart (JFreeChart clips series to the data area; the legend is not).
     */
    private static final String PROBE = """
            <script>
            (function () {
              var palette = ['rgb(0, 114, 178)', 'rgb(230, 159, 0)', 'rgb(0, 158, 115)', 'rgb(213, 94, 0)',
                             'rgb(204, 121, 167)', 'rgb(86, 180, 233)', 'rgb(240, 228, 66)'];
              document.querySelectorAll('figure').forEach(function (fig) {
                var svg = fig.querySelector('svg');
                var marks = 0;
                if (svg) {
                  var vb = svg.viewBox.baseVal;
                  svg.querySelectorAll('path, rect, circle, ellipse, polygon, polyline, line').forEach(function (el) {
                    var st = getComputedStyle(el);
                    if (palette.indexOf(st.fill) < 0 && palette.indexOf(st.stroke) < 0) return;
                    var ref = (el.getAttribute('clip-path') || '').match(/url\\(#([^)]+)\\)/);
                    if (!ref) return;
                    var clip = document.getElementById(ref[1]);
                    var shape = clip && clip.firstElementChild;
                    if (!shape) return;
                    var b = shape.getBBox();
                    if (b.width >= vb.width - 1 && b.height >= vb.height - 1) return;
                    var e = el.getBBox();
                    if (e.width > 0 || e.height > 0) marks++;
                  });
                }
                fig.setAttribute('data-marks', String(marks));
              });
              var external = document.querySelectorAll('[src], link, iframe, object, embed').length;
              document.querySelectorAll('[href]').forEach(function (el) {
                if (!el.getAttribute('href').startsWith('#')) external++;
              });
              document.body.setAttribute('data-external', String(external));
            })();
            </script>
            """;

    @TempDir
    static Path tmp;

    private static Optional<Chromium> chromium;

    @BeforeAll
    static void findBrowser() {
        chromium = Chromium.find();
    }

    private static Chromium browser() {
        assumeTrue(chromium.isPresent(), "Chromium not found (chromium, chromium-browser or google-chrome on the PATH, "
                + "or SCHEDPROOF_CHROMIUM): install Debian's chromium package to run the browser test (.ci/run does)");
        return chromium.get();
    }

    @Test
    void reportRendersCleanlyWithMarksInEveryPlot() throws Exception {
        Chromium c = browser();
        Path run = Runs.cached("vtc", Runs.WORKLOAD);
        Path compare = tmp.resolve("compare");
        Runs.simulate(compare.resolve("01-fcfs"), "fcfs", SMALL);
        Runs.simulate(compare.resolve("02-dlpm"), "dlpm", SMALL);
        Path certify = Outputs.certify(tmp.resolve("certify"), run.resolve("trace.jsonl"));
        Path fuzz = Outputs.fuzz(tmp.resolve("fuzz"));
        Files.createDirectories(OUT);
        Path page = OUT.resolve("report.html");
        Report.write(List.of(run, compare, certify, fuzz), page);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        Path probed = OUT.resolve("report-probed.html");
        Files.writeString(probed, html.replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);

        Chromium.Result r = c.dumpDom(probed, tmp.resolve("profile"));
        Files.writeString(OUT.resolve("report-dom.html"), r.dom(), StandardCharsets.UTF_8);
        assertThat(r.console()).as("console messages").isEmpty();
        assertThat(r.dom()).contains("data-external=\"0\"");
        Map<String, Integer> marks = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<figure id=\"([^\"]+)\" data-marks=\"(\\d+)\"").matcher(r.dom());
        while (m.find()) marks.put(m.group(1), Integer.parseInt(m.group(2)));
        int figures = count(html, "<figure ");
        assertThat(marks).as("figures probed").hasSize(figures);
        assertThat(figures).isGreaterThanOrEqualTo(10);
        List<String> empty = new ArrayList<>();
        marks.forEach((id, n) -> {
            if (n == 0) empty.add(id);
        });
        assertThat(empty).as("plots without drawn marks").isEmpty();

        Path png = OUT.resolve("report.png");
        c.screenshot(page, png, 1100, 10000, tmp.resolve("profile"));
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    /** The probe itself: a plot with no series has no marks, and console messages are caught. */
    @Test
    void theProbeSeesEmptyPlotsAndConsoleMessages() throws Exception {
        Chromium c = browser();
        String axesOnly = org.schedproof.report.chart.Svg.of("empty", org.schedproof.report.chart.Charts.chart("empty",
                org.schedproof.report.chart.Charts.plot(org.schedproof.report.chart.Charts.axis("x (s)", true),
                        org.schedproof.report.chart.Charts.axis("y", true)), true, List.of()), 600, 300);
        Path page = tmp.resolve("probe.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><figure id=\"empty\">" + axesOnly + "</figure>"
                + "<script>console.error('planted')</script>" + PROBE + "</body></html>");
        Chromium.Result r = c.dumpDom(page, tmp.resolve("profile"));
        assertThat(r.console()).anyMatch(l -> l.contains("planted"));
        assertThat(r.dom()).contains("<figure id=\"empty\" data-marks=\"0\"");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
