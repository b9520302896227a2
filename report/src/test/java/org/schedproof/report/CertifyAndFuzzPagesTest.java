package org.schedproof.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.conformance.certify.Certificate;
import org.schedproof.conformance.certify.Certifier;
import org.schedproof.conformance.certify.Level;

/** The certify page (matrix, links to first violations, the L3 batch diff) and the fuzz page (shrunk cases). */
class CertifyAndFuzzPagesTest {
    @TempDir
    Path tmp;

    private Path certify() throws IOException {
        Path run = Runs.cached("vtc", Runs.WORKLOAD);
        return Outputs.certify(tmp.resolve("cert"), run.resolve("trace.jsonl"));
    }

    @Test
    void certifyMatrixLinksEachFailureToItsFirstViolation() throws IOException {
        Path dir = certify();
        assertThat(Inputs.classify(dir).kind()).isEqualTo(Inputs.Kind.CERTIFY);
        String html = Report.html(List.of(dir));
        ReportTest.assertSelfContained(html);
        assertThat(html).contains("Certificate: ", "(L3 not reached)", "port python3 ports/python/vtc.py (vtc-port)");
        // every failing cell links to an anchor that exists and holds that invariant's first violation
        Matcher links = Pattern.compile("<td class=\"fail\"><a href=\"#([^\"]+)\"").matcher(html);
        int failing = 0;
        while (links.find()) {
            failing++;
            String anchor = links.group(1);
            int at = html.indexOf("id=\"" + anchor + "\"");
            assertThat(at).as("anchor " + anchor).isPositive();
            if (anchor.endsWith("FAIR-VTC-GAP")) {
                assertThat(html.substring(at, at + 400)).contains("client-2 received 5000 more");
            }
        }
        assertThat(failing).isEqualTo(2);
        // passing and n/a cells, the calm workload has no details section
        assertThat(html).contains("<td class=\"pass\" title=\"pass\">", "<td class=\"na\" title=\"not applicable\">");
        assertThat(html).doesNotContain("Workload calm");
    }

    @Test
    void theDivergenceIsASideBySideDiffWithTheDifferingRowsMarked() throws IOException {
        String html = Report.html(List.of(certify()));
        assertThat(html).contains("First divergence from the reference</strong> at step 5: the slices differ");
        // request 0 decodes alike in both; request 3 only in the reference, 4 only in the candidate; 2 preempted
        assertThat(html).contains("<td>request 0 slice [from, to) (tokens)</td><td>[120, 121) (1)</td>"
                + "<td>[120, 121) (1)</td>");
        assertThat(html).contains("<td>request 3 slice [from, to) (tokens)</td><td class=\"fail\">[0, 255) (255)</td>"
                + "<td class=\"fail\">-</td>");
        assertThat(html).contains("<td>request 4 slice [from, to) (tokens)</td><td class=\"fail\">-</td>"
                + "<td class=\"fail\">[0, 255) (255)</td>");
        assertThat(html).contains("<td>preempted</td><td class=\"fail\"></td><td class=\"fail\">2</td>");
        assertThat(html).contains("id=\"in0-w1-timeline\"", "The candidate's schedule up to the divergence (steps 0 to 5)");
    }

    /** certify's own output: an fcfs schedule under an lpm header fails ORDER-LPM and diverges from the reference. */
    @Test
    void aRealCertificateOfAForgedTraceShowsItsFailuresAndDivergence() throws IOException {
        String w = "gen:system-prompt?requests=40&clients=4&qps=30&seed=1";
        List<String> fcfs = Files.readAllLines(Runs.cached("fcfs", w).resolve("trace.jsonl"));
        List<String> lpm = Files.readAllLines(Runs.cached("lpm", w).resolve("trace.jsonl"));
        List<String> forged = new ArrayList<>(fcfs);
        forged.set(0, lpm.get(0));
        Path trace = tmp.resolve("forged.jsonl");
        Files.write(trace, forged);
        Path dir = tmp.resolve("certified");
        Certifier.certify(new Certifier.Request(Certificate.Target.traces(List.of(trace.toString())), null,
                Level.parse("L3"), null), dir, new Certifier.Listener() {});
        String html = Report.html(List.of(dir));
        ReportTest.assertSelfContained(html);
        assertThat(html).contains("(L3 not reached)", "href=\"#in0-w0-ORDER-LPM\"", "id=\"in0-w0-ORDER-LPM\"",
                "href=\"#in0-w0-DIFF-SCHEDULE\"", "First divergence from the reference</strong> at step ",
                "<td class=\"fail\">", "id=\"in0-w0-timeline\"");
    }

    @Test
    void fuzzPageShowsEachShrunkCaseWithItsWorkloadAndTimeline() throws IOException {
        Path dir = Outputs.fuzz(tmp.resolve("fuzz"));
        assertThat(Inputs.classify(dir).kind()).isEqualTo(Inputs.Kind.FUZZ);
        String html = Report.html(List.of(dir));
        ReportTest.assertSelfContained(html);
        assertThat(html).contains("Fuzz: ", "(1 failure)", "mutant vtc-no-lift", "FAIR-VTC-GAP-0001: FAIR-VTC-GAP",
                "client-1 received 900 more", "Shrunk workload (6 requests", "Timeline of the shrunk trace");
        assertThat(html).contains("<a href=\"#in0-FAIR-VTC-GAP-0001\">failures/FAIR-VTC-GAP-0001</a>",
                "id=\"in0-FAIR-VTC-GAP-0001\"");
        int rows = html.split("<td class=\"num\">", -1).length;
        assertThat(rows).isGreaterThan(6 * 4);
        // one saved case folder on its own reads too
        String one = Report.html(List.of(dir.resolve("failures/FAIR-VTC-GAP-0001")));
        assertThat(one).contains("(1 failure)", "Timeline of the shrunk trace");
    }
}
