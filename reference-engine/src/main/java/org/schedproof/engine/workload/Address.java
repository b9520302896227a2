package org.schedproof.engine.workload;

/**
 * A workload address {@code format:path[?key=value&key=value]} (spec/WORKLOAD.md, "Addresses"). The format is
 * everything before the first ':'; options start at the first '?' after it. No escaping: a path cannot contain '?'.
 */
public record Address(String text, String format, String path, Options options) {

    public static Address parse(String text) {
        if (text == null || text.isBlank()) {
            throw new WorkloadException("empty workload address: expected 'format:path', e.g. 'builtin:vtc'");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new WorkloadException("workload address '" + text + "': expected 'format:path' (known formats: "
                    + String.join(", ", WorkloadFormat.names()) + ")");
        }
        String format = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        if (path.isEmpty()) {
            throw new WorkloadException("workload address '" + text + "': the path after '" + format + ":' is empty");
        }
        Options options = Options.parse(text, q < 0 ? "" : rest.substring(q + 1));
        return new Address(text, format, path, options);
    }
}
