package org.schedproof.invariants;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent;

/**
 * LIVE-STARVATION (learning-to-rank's starvation control, Fu et al. NeurIPS'24; vllm-ltr {@code scheduler.py},
 * {@code starv<S>-period<P>}; ALGORITHMS.md 5.3, 5.4 steps 2 and 6, 5.5.4 IdleCounter, 5.5.5 StarvationBound): with
 * {@code starvation=on}, before each step every live request with {@code idle >= S} iterations unscheduled is promoted
 * ({@code idle := 0}, {@code P} promoted iterations), a promoted one with none left is demoted; after the step a
 * request with a slice gets {@code idle := 0} (and spends a promoted iteration), every other live one
 * {@code idle += 1} (all of them after a rejected step). Recomputed from the slices alone and judged through the
 * witness's {@code promoted}, the number promoted at the step. Applies to {@code ltr} with {@code starvation=on}.
 */
final class LiveStarvation extends AbstractChecker {
    /** Per live request: idle iterations, promoted, promoted iterations left. */
    private final Map<Long, int[]> live = new LinkedHashMap<>();
    private int threshold = 200;
    private int quantum = 10;
    private boolean on;
    private long lastGap;

    LiveStarvation() {
        super("LIVE-STARVATION", "a request idle for S iterations is promoted for P scheduled ones, as witness "
                + "'promoted' must count (policy ltr, starvation=on)", new Replay(false, false));
    }

    @Override
    Lane lane() {
        return Lane.FACTS;
    }

    @Override
    public String forPolicy() {
        return "ltr";
    }

    @Override
    public boolean applicable() {
        return super.applicable() && on;
    }

    @Override
    protected void onHeader(TraceEvent.Header h) {
        on = "on".equals(h.parameters().get("starvation"));
        threshold = parse(h.parameters().get("threshold"), threshold);
        quantum = parse(h.parameters().get("quantum"), quantum);
    }

    @Override
    protected void onArrival(TraceEvent.Arrival a) {
        live.putIfAbsent(a.request().id(), new int[3]);
    }

    @Override
    protected void onStep(TraceEvent.Step s, Replay.StepFacts f) {
        int promoted = 0;
        for (int[] r : live.values()) {
            if (r[0] >= threshold) {
                r[1] = 1;
                r[0] = 0;
                r[2] = quantum;
            } else if (r[1] == 1 && r[2] <= 0) {
                r[1] = 0;
            }
            promoted += r[1];
        }
        Long seen = s.witness().get("promoted");
        if (applies() && seen != null && seen - promoted != lastGap) {
            report(s.index(), "witness promoted = " + seen + " but " + promoted + " of the " + live.size()
                    + " live requests are promoted (threshold S = " + threshold + " idle iterations, quantum P = "
                    + quantum + ")");
            lastGap = seen - promoted;
        }
        Set<Long> scheduled = new HashSet<>();
        if (!s.rejected()) for (Slice sl : s.slices()) scheduled.add(sl.requestId());
        for (Map.Entry<Long, int[]> e : live.entrySet()) {
            int[] r = e.getValue();
            if (scheduled.contains(e.getKey())) {
                r[0] = 0;
                if (r[1] == 1) r[2]--;
            } else {
                r[0]++;
            }
        }
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            if (sf.finishes()) live.remove(sf.slice().requestId());
        }
    }

    private static int parse(String s, int otherwise) {
        try {
            return s == null ? otherwise : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
