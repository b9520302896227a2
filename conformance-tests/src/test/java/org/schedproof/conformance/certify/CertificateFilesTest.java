package org.schedproof.conformance.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.conformance.suite.Suites;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * certificate.json is a function of what it records (two runs write the same bytes, and --verify reproduces it; an
 * edited one is caught at the member edited), and junit.xml has the structure of Maven Surefire's reports (the
 * rules of surefire-test-report.xsd, checked one by one: CI systems parse it as they parse Surefire's).
 */
class CertificateFilesTest {
    static Certificate certify(String policy, Level level, Path out) {
        return Certifier.certify(new Certifier.Request(Certificate.Target.engine("reference"),
                new PolicySpec(policy, "sarathi", Map.of()), level, Suites.QUICK.suite()), out,
                new Certifier.Listener() {}).certificate();
    }

    @Test
    void theCertificateIsDeterministicAndVerifyCatchesAnEdit(@TempDir Path a, @TempDir Path b, @TempDir Path s)
            throws Exception {
        certify("lpm", Level.L2, a);
        certify("lpm", Level.L2, b);
        assertThat(Files.readString(a.resolve("certificate.json"))).isEqualTo(Files.readString(b.resolve("certificate.json")));

        Verifier.Result same = Verifier.verify(a, s.resolve("1"), new Certifier.Listener() {});
        assertThat(same.difference()).isNull();
        assertThat(same.holds()).isTrue();

        // an edit: one invariant's verdict on the third workload
        Path file = a.resolve("certificate.json");
        String text = Files.readString(file);
        int third = text.indexOf("\"id\" : \"bursty-skewed\"");
        int row = text.indexOf("\"status\" : \"pass\"", third);
        Files.writeString(file, text.substring(0, row) + "\"status\" : \"fail\"" + text.substring(row + 17));
        Verifier.Result edited = Verifier.verify(a, s.resolve("2"), new Certifier.Listener() {});
        assertThat(edited.holds()).isFalse();
        assertThat(edited.difference()).startsWith("$.workloads[2].results[").contains("status: recorded \"fail\", now \"pass\"");
    }

    @Test
    void junitXmlHasSurefiresStructure(@TempDir Path out) throws Exception {
        Certificate c = certify("fcfs", Level.L3, out);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        Element suite = doc.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        for (String a : new String[] {"name", "time", "tests", "errors", "skipped", "failures"}) {
            assertThat(suite.hasAttribute(a)).as("testsuite@%s", a).isTrue();
        }
        NodeList cases = suite.getElementsByTagName("testcase");
        int rows = c.workloads().stream().mapToInt(w -> 1 + w.results().size()).sum();
        assertThat(cases.getLength()).isEqualTo(rows).isEqualTo(Integer.parseInt(suite.getAttribute("tests")));
        assertThat(suite.getElementsByTagName("failure").getLength()).isEqualTo(Integer.parseInt(suite.getAttribute("failures"))).isZero();
        assertThat(suite.getElementsByTagName("skipped").getLength()).isEqualTo(Integer.parseInt(suite.getAttribute("skipped")))
                .isEqualTo(c.summary().notApplicable());
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        for (int i = 0; i < cases.getLength(); i++) {
            Element k = (Element) cases.item(i);
            assertThat(k.getAttribute("name")).isNotEmpty();
            assertThat(k.getAttribute("classname")).startsWith("certify.quick.");
            assertThat(k.getAttribute("time")).matches("\\d+\\.\\d{3}");
        }
        assertThat(suite.getElementsByTagName("properties").getLength()).isEqualTo(1);
    }

    @Test
    void junitXmlListsFailuresWithTheirMessageAndType(@TempDir Path out) {
        String garbage = "step\u0001\u001b[31m";
        Certificate.WorkloadResult w = new Certificate.WorkloadResult("w", "gen:x", "sha256:1", 1L, null, null, "w/trace.jsonl",
                null, new Certificate.Verdict("garbage", 3, garbage), new Certificate.RunResult("port-garbage", 3, 0, 1,
                1, "protocol verdict garbage at step 3: " + garbage), null,
                java.util.List.of(new Certificate.InvariantResult("SAFE-BUDGET", "fail", 2, "SAFE-BUDGET at step 2: 9 > 8"),
                        new Certificate.InvariantResult("ORDER-LPM", "n/a", 0, null)), null);
        Certificate c = new Certificate(Certificate.FORMAT, Certificate.HARNESS, "s", null, Certificate.Target.engine("reference"),
                null, "fcfs/sarathi", Map.of(), "quick", 1, Level.L1, null,
                new Certificate.Summary(1, 0, 0, 1, 1, 1), java.util.List.of(w));
        JunitReport.write(c, Map.of("w", 1.5), out.resolve("junit.xml"));
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        } catch (Exception e) {
            throw new AssertionError("junit.xml does not parse: " + e, e);
        }
        Element suite = doc.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        NodeList failures = suite.getElementsByTagName("failure");
        Element run = (Element) failures.item(0);
        assertThat(run.getAttribute("type")).isEqualTo("protocol.garbage");
        assertThat(run.getAttribute("message")).contains("\\u0001").doesNotContain("\u0001");
        Element budget = (Element) failures.item(1);
        assertThat(budget.getAttribute("type")).isEqualTo("SAFE-BUDGET");
        assertThat(budget.getAttribute("message")).isEqualTo("SAFE-BUDGET at step 2: 9 > 8");
        assertThat(budget.getTextContent()).contains("2 violations");
        assertThat(((Element) cases(suite).item(0)).getAttribute("time")).isEqualTo("1.500");
    }

    private static NodeList cases(Element suite) {
        return suite.getElementsByTagName("testcase");
    }
}
