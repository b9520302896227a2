package org.schedproof.conformance.certify;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * junit.xml: the certificate as Maven Surefire writes a test report ({@code TEST-*.xml}, schema
 * surefire-test-report 3.0), so that GitHub Actions, GitLab and Jenkins list it as tests: one {@code testsuite}, one
 * {@code testcase} per workload x invariant (class name {@code certify.SUITE.WORKLOAD}, name the invariant id) plus
 * one named {@code run} per workload (the protocol verdict, rejected batches), a {@code failure} with the first
 * violation as its message and the rest as its text, {@code skipped} for n/a. Times are wall-clock seconds: a
 * workload's whole time is its {@code run} case's, the invariants were judged during it.
 */
public final class JunitReport {
    private JunitReport() {}

    /** The name of each workload's testcase for the run itself. */
    public static final String RUN_CASE = "run";

    private record Case(String classname, String name, double time, String failureType, String failureMessage,
                        String failureText, String skipped) {}

    public static void write(Certificate c, Map<String, Double> seconds, Path file) {
        List<Case> cases = cases(c, seconds);
        int failures = (int) cases.stream().filter(x -> x.failureType() != null).count();
        int skipped = (int) cases.stream().filter(x -> x.skipped() != null).count();
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
            x.writeAttribute("xsi", "http://www.w3.org/2001/XMLSchema-instance", "noNamespaceSchemaLocation",
                    "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd");
            x.writeAttribute("version", "3.0.2");
            x.writeAttribute("name", suiteName(c));
            x.writeAttribute("time", time(total));
            x.writeAttribute("tests", Integer.toString(cases.size()));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", Integer.toString(skipped));
            x.writeAttribute("failures", Integer.toString(failures));
            x.writeCharacters("\n  ");
            x.writeStartElement("properties");
            property(x, "schedproof.target", c.target().describe());
            property(x, "schedproof.policy", c.policy());
            property(x, "schedproof.parameters", c.parameters().toString());
            if (c.suite() != null) property(x, "schedproof.suite", c.suite() + "@" + c.suiteVersion());
            property(x, "schedproof.level", c.level().name());
            property(x, "schedproof.levelReached", c.levelReached() == null ? "none" : c.levelReached().name());
            x.writeCharacters("\n  ");
            x.writeEndElement();
            for (Case k : cases) {
                x.writeCharacters("\n  ");
                boolean empty = k.failureType() == null && k.skipped() == null;
                if (empty) x.writeEmptyElement("testcase");
                else x.writeStartElement("testcase");
                x.writeAttribute("name", k.name());
                x.writeAttribute("classname", k.classname());
                x.writeAttribute("time", time(k.time()));
                if (empty) continue;
                x.writeCharacters("\n    ");
                if (k.failureType() != null) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", clean(k.failureMessage()));
                    x.writeAttribute("type", k.failureType());
                    x.writeCharacters(clean(k.failureText()));
                    x.writeEndElement();
                } else {
                    x.writeEmptyElement("skipped");
                    x.writeAttribute("message", clean(k.skipped()));
                }
                x.writeCharacters("\n  ");
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (IOException | XMLStreamException e) {
            throw new CertifyException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** {@code schedproof certify fcfs/sarathi L3 quick@1}: the suite a CI page groups the cases under. */
    static String suiteName(Certificate c) {
        return "schedproof certify " + c.policy() + " " + c.level() + (c.suite() == null ? " traces" : " " + c.suite()
                + "@" + c.suiteVersion());
    }

    private static List<Case> cases(Certificate c, Map<String, Double> seconds) {
        List<Case> out = new ArrayList<>();
        for (Certificate.WorkloadResult w : c.workloads()) {
            String cls = "certify." + (c.suite() == null ? "traces" : c.suite()) + "." + w.id();
            double t = seconds.getOrDefault(w.id(), 0.0);
            if (w.skipped() != null) {
                out.add(new Case(cls, RUN_CASE, t, null, null, null, "skipped: " + w.skipped()));
                continue;
            }
            Certificate.RunResult r = w.run();
            out.add(r.passed() ? new Case(cls, RUN_CASE, t, null, null, null, null)
                    : new Case(cls, RUN_CASE, t, w.verdict() == null ? "run" : "protocol." + w.verdict().verdict(),
                            r.failure(), r.failure() + "\ntrace: " + w.trace() + (w.portStderr() == null ? ""
                            : "\nport stderr: " + w.portStderr()), null));
            for (Certificate.InvariantResult x : w.results()) {
                out.add(switch (x.status()) {
                    case Certificate.InvariantResult.PASS -> new Case(cls, x.id(), 0, null, null, null, null);
                    case Certificate.InvariantResult.FAIL -> new Case(cls, x.id(), 0, x.id(), x.firstViolation(),
                            failureText(w, x), null);
                    case Certificate.InvariantResult.NA -> new Case(cls, x.id(), 0, null, null, null,
                            "n/a: the invariant does not apply to this policy or batch former");
                    default -> new Case(cls, x.id(), 0, null, null, null, "not run: " + r.failure());
                });
            }
        }
        return out;
    }

    private static String failureText(Certificate.WorkloadResult w, Certificate.InvariantResult x) {
        StringBuilder b = new StringBuilder(x.violations() + (x.violations() == 1 ? " violation" : " violations")
                + "; the first: " + x.firstViolation());
        if (x.id().equals(ScheduleDifferential.ID) && w.divergence() != null) {
            ScheduleDifferential.Divergence d = w.divergence();
            b.append("\nfirst divergence at step ").append(d.step()).append(": ").append(d.what())
                    .append("\n  reference: ").append(d.referenceBatch() == null ? "(no step)" : d.referenceBatch())
                    .append("\n  candidate: ").append(d.candidateBatch() == null ? "(no step)" : d.candidateBatch());
        }
        b.append("\nworkload: ").append(w.address()).append("\ntrace: ").append(w.trace());
        return b.toString();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", clean(value));
    }

    /** XML 1.0 cannot hold most control characters (a garbage port's line may): each becomes {@code \\uXXXX}. */
    static String clean(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean ok = ch == '\t' || ch == '\n' || ch == '\r' || (ch >= 0x20 && ch <= 0xD7FF)
                    || (ch >= 0xE000 && ch <= 0xFFFD) || Character.isSurrogate(ch);
            if (ok) b.append(ch);
            else b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
        }
        return b.toString();
    }

    private static String time(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }
}
