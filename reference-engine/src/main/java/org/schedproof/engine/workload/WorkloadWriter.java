package org.schedproof.engine.workload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;
import org.schedproof.spec.Request;

/**
 * Writes a workload as a {@code schedproof:} file (spec/WORKLOAD.md, "The schedproof format"), gzip-compressed when
 * the path ends in ".gz", so that any workload (a generated one, a minimized counterexample) replays exactly and
 * ports in other languages can read it. The file is written to a temporary sibling and moved into place, so a
 * reader never sees half a file.
 */
public final class WorkloadWriter {
    public static final String SCHEMA = "schedproof.workload.v1";
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private WorkloadWriter() {}

    public static void write(Workload workload, Path path) {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            try (OutputStream file = Files.newOutputStream(tmp);
                 OutputStream out = path.toString().endsWith(".gz") ? new GZIPOutputStream(file, 1 << 16) : file) {
                write(workload, out);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            throw new UncheckedIOException("cannot write workload to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes to {@code out} without closing it. */
    public static void write(Workload workload, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setRootValueSeparator(null); // one object per line, with our own '\n'
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeStringField("name", workload.name());
            g.writeNumberField("requests", workload.size());
            g.writeStringField("digest", workload.digest());
            g.writeEndObject();
            g.writeRaw('\n');
            for (Request r : workload.requests()) {
                g.writeStartObject();
                g.writeNumberField("id", r.id());
                g.writeStringField("client", r.client());
                g.writeNumberField("arrival_us", r.arrivalUs());
                g.writeNumberField("max_new_tokens", r.maxNewTokens());
                long[] keys = r.prompt().keys();
                g.writeFieldName("keys");
                g.writeArray(keys, 0, keys.length);
                int[] ends = r.prompt().ends();
                g.writeFieldName("ends");
                g.writeArray(ends, 0, ends.length);
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }
}
