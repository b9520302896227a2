package org.schedproof.conformance.reproduce;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.schedproof.engine.predict.KendallTau;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.metrics.Distribution;
import org.schedproof.spec.trace.TraceEvent;

/**
 * What the spec's metrics do not give and the papers measure, read from the events of one run: each client's mean
 * end-to-end latency (D²LPM's per-client latency), the scheduling delay from arrival to the first slice (Sarathi-Serve's
 * capacity condition), and the Kendall tau-b between a predictor's witnessed predictions ({@code ltr.pred.ID},
 * {@code alise.pred.ID}, first seen) and the true output lengths.
 */
final class RunStats implements Consumer<TraceEvent> {
    private final Map<Long, Request> requests = new HashMap<>();
    private final Map<Long, Long> firstSliceUs = new HashMap<>();
    private final Map<String, long[]> clientE2e = new TreeMap<>(); // client -> {sum, count}
    private final Map<Long, Long> predictions = new HashMap<>();
    private long firstArrivalUs = -1;
    private long lastArrivalUs;

    @Override
    public void accept(TraceEvent e) {
        if (e instanceof TraceEvent.Arrival a) {
            requests.put(a.request().id(), a.request());
            if (firstArrivalUs < 0) firstArrivalUs = a.timeUs();
            lastArrivalUs = Math.max(lastArrivalUs, a.timeUs());
        } else if (e instanceof TraceEvent.Step s) {
            if (!s.rejected()) for (Slice x : s.slices()) firstSliceUs.putIfAbsent(x.requestId(), s.startUs());
            for (Map.Entry<String, Long> w : s.witness().entrySet()) {
                String k = w.getKey();
                String id = k.startsWith("ltr.pred.") ? k.substring(9) : k.startsWith("alise.pred.") ? k.substring(11) : null;
                if (id != null) predictions.putIfAbsent(Long.parseLong(id), w.getValue());
            }
        } else if (e instanceof TraceEvent.Completion c) {
            Request r = requests.get(c.requestId());
            long[] acc = clientE2e.computeIfAbsent(r.client(), k -> new long[2]);
            acc[0] += c.timeUs() - r.arrivalUs();
            acc[1]++;
        }
    }

    /** First to last arrival, in us. */
    long arrivalSpanUs() {
        return firstArrivalUs < 0 ? 0 : lastArrivalUs - firstArrivalUs;
    }

    /** Mean end-to-end latency (us) of each client's completed requests, sorted by client. */
    Map<String, Double> clientMeanE2eUs() {
        Map<String, Double> out = new TreeMap<>();
        clientE2e.forEach((c, a) -> out.put(c, (double) a[0] / a[1]));
        return out;
    }

    /** The median over requests that were scheduled of arrival to first slice, in us (0 when none). */
    long schedulingDelayP50Us() {
        long[] d = new long[firstSliceUs.size()];
        int i = 0;
        for (Map.Entry<Long, Long> f : firstSliceUs.entrySet()) d[i++] = f.getValue() - requests.get(f.getKey()).arrivalUs();
        return d.length == 0 ? 0 : Distribution.of(d, d.length).p50();
    }

    /** Kendall tau-b of predictions against true output lengths, NaN when the run witnessed fewer than 2 predictions. */
    double predictorTau() {
        List<Long> ids = predictions.keySet().stream().filter(requests::containsKey).sorted().toList();
        if (ids.size() < 2) return Double.NaN;
        long[] predicted = new long[ids.size()];
        long[] actual = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            predicted[i] = predictions.get(ids.get(i));
            actual[i] = requests.get(ids.get(i)).maxNewTokens();
        }
        return KendallTau.tauB(predicted, actual);
    }
}
