package org.schedproof.conformance.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/**
 * What the port has been told of every live request (spec/PORT.md section 4), so that a step message carries only the
 * requests that are new or whose values changed since the previous one, and the port rebuilds the three lists from
 * them. A step still visits every live request once (O(live) compares on the harness's side, in Java); what crosses
 * the pipe and what the port parses is O(changed).
 */
final class ViewMirror {
    /** The values of a {@code changed} entry after {@code id} and {@code queue}, in message order. */
    static final List<String> FIELDS = List.of("computed", "generated", "blocksHeld", "preemptions", "cached",
            "cachedEvictable", "releasable");

    /** Receives one {@code changed} entry; {@code values} is in {@link #FIELDS} order and reused after the call. */
    interface Change {
        void accept(long id, String queue, int[] values);
    }

    private static final String[] QUEUES = {"waiting", "running", "offloaded"};

    private static final class Sent {
        int queue = -1;
        final int[] values = new int[FIELDS.size()];
    }

    private final Map<Long, Sent> live = new HashMap<>();
    private final int[] now = new int[FIELDS.size()];

    /**
     * Forgets {@code gone} (requests that finished since the last call), then reports every request of the view that
     * is new or changed, in the order waiting, running, offloaded, each list in its own order, and remembers what it
     * reported.
     */
    void changes(EngineView v, List<Long> gone, Change out) {
        for (long id : gone) {
            if (live.remove(id) == null) throw new IllegalStateException("request " + id + " finished unannounced");
        }
        int seen = list(v, v.waiting(), 0, out) + list(v, v.running(), 1, out) + list(v, v.offloaded(), 2, out);
        if (seen != live.size()) {
            // A request left every list without finishing: the port's mirror would keep it, so say so loudly.
            throw new IllegalStateException("the engine's lists hold " + seen + " requests but " + live.size()
                    + " are live in the port's mirror");
        }
    }

    private int list(EngineView v, List<? extends RequestView> requests, int queue, Change out) {
        for (RequestView r : requests) {
            long id = r.id();
            now[0] = r.computed();
            now[1] = r.generated();
            now[2] = r.blocksHeld();
            now[3] = r.preemptions();
            now[4] = queue == 0 ? v.cachedPrefixTokens(id) : 0;
            now[5] = queue == 0 ? v.cachedPrefixEvictableBlocks(id) : 0;
            now[6] = queue == 1 ? v.releasableBlocks(id) : 0;
            Sent s = live.get(id);
            if (s == null) {
                s = new Sent();
                live.put(id, s);
            } else if (s.queue == queue && java.util.Arrays.equals(s.values, now)) {
                continue;
            }
            s.queue = queue;
            System.arraycopy(now, 0, s.values, 0, now.length);
            out.accept(id, QUEUES[queue], now);
        }
        return requests.size();
    }
}
