package org.schedproof.conformance.certify;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.schedproof.conformance.suite.Suite;
import org.schedproof.conformance.suite.Suites;

/**
 * {@code certify --verify DIR}: re-runs the certificate in DIR from what it records (target, policy and parameters,
 * level, suite name and version) and compares the new certificate with the recorded one, member by member. A
 * certificate still holds when it is reproduced exactly and certifies the level it names; a tampered certificate or a
 * port that changed since shows as the first member that differs.
 */
public final class Verifier {
    private Verifier() {}

    /** The re-run's certificate, and the first difference from the recorded one (null: reproduced exactly). */
    public record Result(Certificate rerun, String difference) {
        public boolean reproduced() {
            return difference == null;
        }

        /** Reproduced and at the level it names: exit status 0. */
        public boolean holds() {
            return reproduced() && rerun.reached();
        }
    }

    /** Re-runs {@code dir}'s certificate, writing the re-run's files under {@code scratch}. */
    public static Result verify(Path dir, Path scratch, Certifier.Listener listener) {
        Path file = dir.resolve("certificate.json");
        JsonNode recorded = CertificateJson.read(file);
        Certifier.Request request = request(recorded, file);
        Certificate rerun = Certifier.certify(request, scratch, listener).certificate();
        return new Result(rerun, CertificateJson.firstDifference(recorded, CertificateJson.tree(rerun)));
    }

    /** The request a recorded certificate was made from; a field that cannot be understood names itself. */
    static Certifier.Request request(JsonNode c, Path file) {
        JsonNode t = c.path("target");
        String kind = text(t, "kind", file);
        Level level;
        try {
            level = Level.parse(text(c, "level", file));
        } catch (IllegalArgumentException e) {
            throw new CertifyException(file + ": field 'level': " + e.getMessage(), e);
        }
        if (kind.equals(Certificate.Target.TRACES)) {
            return new Certifier.Request(Certificate.Target.traces(strings(t, "traces", file)), null, level, null);
        }
        Certificate.Target target = switch (kind) {
            case Certificate.Target.PORT -> {
                JsonNode l = t.path("limits");
                yield Certificate.Target.port(strings(t, "command", file), new Certificate.Limits(
                        l.path("startTimeoutMs").asLong(), l.path("replyTimeoutMs").asLong(),
                        l.path("runTimeoutMs").asLong(), l.path("maxLineBytes").asInt()));
            }
            case Certificate.Target.ENGINE -> Certificate.Target.engine(text(t, "engine", file));
            default -> throw new CertifyException(file + ": field 'target.kind': unknown kind '" + kind + "'");
        };
        Map<String, String> parameters = new TreeMap<>();
        c.path("parameters").fields().forEachRemaining(f -> parameters.put(f.getKey(), f.getValue().asText()));
        PolicySpec policy;
        try {
            policy = PolicySpec.fromNamed(text(c, "policy", file), parameters);
        } catch (IllegalArgumentException e) {
            throw new CertifyException(file + ": fields 'policy' and 'parameters': " + e.getMessage(), e);
        }
        String suiteName = text(c, "suite", file);
        Suite suite;
        try {
            suite = Suites.named(suiteName);
        } catch (IllegalArgumentException e) {
            throw new CertifyException(file + ": field 'suite': " + e.getMessage(), e);
        }
        int version = c.path("suiteVersion").asInt();
        if (version != suite.version()) {
            throw new CertifyException(file + ": the certificate cites suite " + suiteName + "@" + version
                    + " but this harness has " + suite.label() + ": it cannot be re-run here; certify again");
        }
        return new Certifier.Request(target, policy, level, suite);
    }

    private static String text(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new CertifyException(file + ": field '" + field + "' missing or not a string");
        return v.asText();
    }

    private static List<String> strings(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw new CertifyException(file + ": field 'target." + field + "' missing or empty");
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return out;
    }
}
