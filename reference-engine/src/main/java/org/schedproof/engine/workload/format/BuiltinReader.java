package org.schedproof.engine.workload.format;

import java.util.Arrays;
import java.util.List;
import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.TextSource;
import org.schedproof.engine.workload.WorkloadException;
import org.schedproof.engine.workload.WorkloadFormat;
import org.schedproof.engine.workload.WorkloadReader;
import org.schedproof.spec.Request;

/**
 * {@code builtin:NAME}: workloads shipped as resources under /workloads/ (see the README there for attribution), so
 * the CLI runs with no file at all. Options pass through to the underlying format's reader.
 */
public final class BuiltinReader implements WorkloadReader {

    /** The builtin workloads: a new one is a resource plus one line here. */
    public enum Builtin {
        VTC("vtc", WorkloadFormat.VTC, "vtc_real_trace_lmsys_arena_derived.csv",
                "VTC artifact real trace (LMSYS Chatbot Arena derived): 1,500 requests, 27 clients, 600 s"),
        DEFAULT("default", WorkloadFormat.VTC, "vtc_real_trace_lmsys_arena_derived.csv", "same as builtin:vtc");

        private final String label;
        private final WorkloadFormat format;
        private final String resource;
        private final String description;

        Builtin(String label, WorkloadFormat format, String resource, String description) {
            this.label = label;
            this.format = format;
            this.resource = resource;
            this.description = description;
        }

        public String label() {
            return label;
        }

        public String description() {
            return description;
        }
    }

    private final WorkloadReader delegate;

    public BuiltinReader(TextSource source, Options options) {
        String name = source.location();
        Builtin builtin = Arrays.stream(Builtin.values()).filter(b -> b.label.equals(name)).findFirst()
                .orElseThrow(() -> new WorkloadException("workload address '" + options.address()
                        + "': unknown builtin workload '" + name + "' (known: "
                        + String.join(", ", Arrays.stream(Builtin.values()).map(Builtin::label).toList()) + ")"));
        this.delegate = builtin.format.open(
                TextSource.resource("builtin:" + builtin.label, "/workloads/" + builtin.resource), options);
    }

    @Override
    public List<Request> read(int limit) {
        return delegate.read(limit);
    }
}
