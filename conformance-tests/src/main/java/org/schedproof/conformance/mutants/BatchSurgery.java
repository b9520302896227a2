package org.schedproof.conformance.mutants;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/** Small edits of a batch, and what a slice is to the view it was formed on, for the mutants' corruptions. */
final class BatchSurgery {
    private BatchSurgery() {}

    /** The running request {@code id}, or null when it is not running. */
    static RequestView running(EngineView v, long id) {
        for (RequestView r : v.running()) {
            if (r.id() == id) return r;
        }
        return null;
    }

    /** The waiting request {@code id}, or null when it is not waiting. */
    static RequestView waiting(EngineView v, long id) {
        for (RequestView r : v.waiting()) {
            if (r.id() == id) return r;
        }
        return null;
    }

    static boolean isDecode(EngineView v, Slice s) {
        RequestView r = running(v, s.requestId());
        return r != null && r.isDecode() && s.length() == 1;
    }

    static boolean isAdmission(EngineView v, Slice s) {
        return waiting(v, s.requestId()) != null;
    }

    /** The slice is a prefill of a running request (an ongoing chunked prefill). */
    static boolean isOngoingPrefill(EngineView v, Slice s) {
        RequestView r = running(v, s.requestId());
        return r != null && !r.isDecode();
    }

    /** Tokens the slice's request still had to compute before its next token. */
    static int pending(EngineView v, Slice s) {
        RequestView r = running(v, s.requestId());
        if (r != null) return r.pending();
        RequestView w = waiting(v, s.requestId());
        return w == null ? 0 : w.sequenceLength() - s.start();
    }

    static int decodes(EngineView v, Batch b) {
        int n = 0;
        for (Slice s : b.slices()) {
            if (isDecode(v, s)) n++;
        }
        return n;
    }

    /** The batch with the first slice matching {@code which} replaced (removed when {@code edit} returns null). */
    static Batch editFirst(Batch b, Predicate<Slice> which, UnaryOperator<Slice> edit) {
        return editAt(b, which, edit, false);
    }

    /** The batch with the last slice matching {@code which} replaced (removed when {@code edit} returns null). */
    static Batch editLast(Batch b, Predicate<Slice> which, UnaryOperator<Slice> edit) {
        return editAt(b, which, edit, true);
    }

    private static Batch editAt(Batch b, Predicate<Slice> which, UnaryOperator<Slice> edit, boolean fromTheEnd) {
        List<Slice> out = new ArrayList<>(b.slices());
        for (int k = 0; k < out.size(); k++) {
            int i = fromTheEnd ? out.size() - 1 - k : k;
            if (!which.test(out.get(i))) continue;
            Slice s = edit.apply(out.get(i));
            if (s == null) out.remove(i);
            else out.set(i, s);
            break;
        }
        return new Batch(b.preemptions(), out);
    }

    static Batch withSlice(Batch b, Slice extra) {
        List<Slice> out = new ArrayList<>(b.slices());
        out.add(extra);
        return new Batch(b.preemptions(), out);
    }

    static Batch withPreemption(Batch b, long id) {
        List<Long> out = new ArrayList<>(b.preemptions());
        out.add(id);
        return new Batch(out, b.slices());
    }

    static Slice lengthened(Slice s, int by) {
        return new Slice(s.requestId(), s.start(), s.length() + by);
    }
}
