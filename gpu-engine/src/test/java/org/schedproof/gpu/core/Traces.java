package org.schedproof.gpu.core;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.schedproof.engine.core.Engine;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceWriter;

/** Both engines' traces as the bytes a trace file would hold. */
final class Traces {
    private Traces() {}

    static String reference(EngineConfig config, Scheduler scheduler, List<Request> requests) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TraceWriter w = TraceWriter.to(out)) {
            new Engine(config, scheduler, w::write).run(requests, "differential", "none");
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String fast(EngineConfig config, Scheduler scheduler, List<Request> requests) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TraceWriter w = TraceWriter.to(out)) {
            new FastEngine(config, scheduler, w::write).run(requests, "differential", "none");
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Null when equal, else the first line that differs in each (line numbers from 1). */
    static String firstDifference(String expected, String actual) {
        if (expected.equals(actual)) return null;
        String[] e = expected.split("\n", -1), a = actual.split("\n", -1);
        int i = 0;
        while (i < e.length && i < a.length && e[i].equals(a[i])) i++;
        return "line " + (i + 1) + "\n  reference: " + (i < e.length ? e[i] : "<end>") + "\n  optimized: "
                + (i < a.length ? a[i] : "<end>");
    }
}
