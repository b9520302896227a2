package org.schedproof.spec.trace;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.schedproof.spec.CostProfile;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;

/**
 * The per-line value rules of spec/TRACE.md (section "Lines"), checked on records: the writer refuses an event that
 * breaks one, and the reader re-checks every event it built, so what one accepts the other accepts. Field paths are
 * those of the JSON line ({@code slices[3][2]}), so a message points into the file.
 */
final class TraceRules {
    static final Pattern END_REASON = Pattern.compile("[a-z][a-z0-9-]*");

    private TraceRules() {}

    static void check(TraceEvent event) {
        if (event == null) {
            throw new TraceProblem(null, "event is null");
        } else if (event instanceof TraceEvent.Header h) {
            header(h);
        } else if (event instanceof TraceEvent.Arrival a) {
            arrival(a);
        } else if (event instanceof TraceEvent.Step s) {
            step(s);
        } else if (event instanceof TraceEvent.Completion c) {
            atLeast("timeUs", c.timeUs(), 0);
            atLeast("requestId", c.requestId(), 0);
            atLeast("generated", c.generated(), 1);
            atLeast("preemptions", c.preemptions(), 0);
        } else if (event instanceof TraceEvent.End e) {
            text("reason", e.reason());
            if (!END_REASON.matcher(e.reason()).matches()) {
                throw new TraceProblem("reason", "expected a lower-case word such as 'done' or 'stalled', got "
                        + quote(e.reason()));
            }
            atLeast("timeUs", e.timeUs(), 0);
            atLeast("steps", e.steps(), 0);
            atLeast("completed", e.completed(), 0);
            atLeast("violations", e.violations(), 0);
        } else {
            throw new TraceProblem(null, "unknown event class " + event.getClass().getName());
        }
    }

    private static void header(TraceEvent.Header h) {
        text("schema", h.schema());
        if (!TraceEvent.SCHEMA.equals(h.schema())) {
            throw new TraceProblem("schema", "unsupported schema version " + quote(h.schema()) + " (this build reads "
                    + "and writes " + quote(TraceEvent.SCHEMA) + ")");
        }
        EngineConfig e = h.engine();
        if (e == null) throw new TraceProblem("engine", "missing");
        // EngineConfig's constructor enforces its own bounds; the cost profile and model are plain records.
        CostProfile c = e.cost();
        text("engine.cost.name", c.name());
        ModelSpec m = e.model();
        text("engine.model.shape", m.shape());
        text("policy", h.policy());
        for (Map.Entry<String, String> p : h.parameters().entrySet()) {
            text("parameters", p.getKey());
            text("parameters." + p.getKey(), p.getValue());
        }
        text("workload", h.workload());
        atLeast("requests", h.requests(), 0);
        text("workloadDigest", h.workloadDigest());
    }

    private static void arrival(TraceEvent.Arrival a) {
        atLeast("timeUs", a.timeUs(), 0);
        Request r = a.request();
        if (r == null) throw new TraceProblem("id", "arrival without a request");
        text("client", r.client());
        if (a.timeUs() < r.arrivalUs()) {
            throw new TraceProblem("timeUs", "a request cannot become visible (" + a.timeUs()
                    + ") before it arrives (arrivalUs " + r.arrivalUs() + ")");
        }
        // Request and Prompt enforce id, arrival, maxNewTokens and segment ends in their constructors.
        Prompt p = r.prompt();
        if (p.keys().length != p.ends().length) throw new TraceProblem("prompt", "keys and ends differ in length");
    }

    private static void step(TraceEvent.Step s) {
        atLeast("index", s.index(), 0);
        atLeast("startUs", s.startUs(), 0);
        atLeast("durationUs", s.durationUs(), 0);
        List<Long> preempted = s.preempted();
        for (int i = 0; i < preempted.size(); i++) atLeast("preempted", i, -1, preempted.get(i), 0);
        for (int i = 0; i < s.offloaded().size(); i++) atLeast("offloaded", i, -1, s.offloaded().get(i), 0);
        for (int i = 0; i < s.prefetched().size(); i++) atLeast("prefetched", i, -1, s.prefetched().get(i), 0);
        List<Slice> slices = s.slices();
        for (int i = 0; i < slices.size(); i++) {
            if (slices.get(i) == null) throw new TraceProblem("slices[" + i + "]", "null slice");
        }
        List<TraceEvent.Hit> hits = s.hits();
        for (int i = 0; i < hits.size(); i++) {
            TraceEvent.Hit h = hits.get(i);
            if (h == null) throw new TraceProblem("hits[" + i + "]", "null hit");
            atLeast("hits", i, 0, h.requestId(), 0);
            atLeast("hits", i, 1, h.tokens(), 1);
        }
        atLeast("evictedBlocks", s.evictedBlocks(), 0);
        List<TraceEvent.Emit> emitted = s.emitted();
        for (int i = 0; i < emitted.size(); i++) {
            TraceEvent.Emit e = emitted.get(i);
            if (e == null) throw new TraceProblem("emitted[" + i + "]", "null emit");
            atLeast("emitted", i, 0, e.requestId(), 0);
            atLeast("emitted", i, 1, e.token(), -1);
        }
        List<Long> finished = s.finished();
        for (int i = 0; i < finished.size(); i++) atLeast("finished", i, -1, finished.get(i), 0);
        atLeast("kvUsedBlocks", s.kvUsedBlocks(), 0);
        List<Violation> violations = s.violations();
        for (int i = 0; i < violations.size(); i++) {
            Violation v = violations.get(i);
            String at = "violations[" + i + "]";
            if (v == null) throw new TraceProblem(at, "null violation");
            text(at + ".rule", v.rule());
            if (v.rule().isEmpty()) throw new TraceProblem(at + ".rule", "must not be empty");
            atLeast(at + ".requestId", v.requestId(), Violation.NO_REQUEST);
            text(at + ".message", v.message());
            if (v.step() != s.index()) {
                // The line does not repeat the step index per violation; a different one could not be read back.
                throw new TraceProblem(at, "violation of step " + v.step() + " recorded in step " + s.index());
            }
        }
        for (String k : s.witness().keySet()) text("witness", k);
        if (s.rejected()) {
            // Nothing of a rejected batch is applied, so nothing can have happened.
            if (!hits.isEmpty()) throw new TraceProblem("hits", "a rejected step applies no prefix hits");
            if (s.evictedBlocks() != 0) throw new TraceProblem("evictedBlocks", "a rejected step evicts nothing");
            if (!emitted.isEmpty()) throw new TraceProblem("emitted", "a rejected step emits no tokens");
            if (!finished.isEmpty()) throw new TraceProblem("finished", "a rejected step finishes no request");
        }
    }

    static void atLeast(String field, long value, long min) {
        if (value < min) throw new TraceProblem(field, "expected " + describe(min) + ", got " + value);
    }

    /** {@link #atLeast(String, long, long)} for {@code field[i]} ({@code j < 0}) or {@code field[i][j]}, named only on failure. */
    private static void atLeast(String field, int i, int j, long value, long min) {
        if (value < min) atLeast(field + "[" + i + "]" + (j < 0 ? "" : "[" + j + "]"), value, min);
    }

    /** Strings must be present and valid Unicode (no lone surrogate), or they would not survive UTF-8. */
    static void text(String field, String s) {
        if (s == null) throw new TraceProblem(field, "missing (null)");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw new TraceProblem(field, "string holds a lone surrogate at index " + i + ": not valid Unicode");
            }
        }
    }

    /** The phrase for an integer with a lower bound, as used in messages: "a positive integer", "an integer >= -1". */
    static String describe(long min) {
        if (min == 1) return "a positive integer";
        if (min == 0) return "a non-negative integer";
        if (min == Long.MIN_VALUE) return "an integer";
        return "an integer >= " + min;
    }

    static String quote(String s) {
        if (s == null) return "null";
        return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
    }
}
