package org.schedproof.engine.ltr;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.schedproof.spec.sched.RequestView;

/**
 * vllm-ltr's starvation control (ALGORITHMS.md 5.3, 5.4 steps 2 and 6; {@code vllm/core/scheduler.py}, schedule
 * strings {@code starv<S>-period<P>}), in iterations. Per live request: {@code idle}, the consecutive iterations it
 * was not scheduled; whether it is promoted; {@code runs}, the promoted iterations it has left. Before ordering, a
 * request with {@code idle >= S} is promoted ({@code idle := 0, runs := P}); else a promoted one with
 * {@code runs <= 0} is demoted. After an iteration, a scheduled request gets {@code idle := 0} and, if promoted,
 * {@code runs -= 1}; every other live request gets {@code idle += 1}.
 */
final class StarvationControl {
    private final int threshold;
    private final int quantum;
    private final Map<Long, State> live = new HashMap<>();

    private static final class State {
        int idle;
        boolean promoted;
        int runs;
    }

    //@ requires threshold >= 1 && quantum >= 1;
    StarvationControl(int threshold, int quantum) {
        this.threshold = threshold;
        this.quantum = quantum;
    }

    void arrived(long id) {
        live.put(id, new State());
    }

    /** Step 2, for every waiting and running request. */
    //@ ensures (\forall RequestView r; requests.contains(r); idle(r.id()) < threshold);
    void review(List<? extends RequestView> requests) {
        for (RequestView r : requests) {
            State s = live.get(r.id());
            if (s.idle >= threshold) {
                s.promoted = true;
                s.idle = 0;
                s.runs = quantum;
            } else if (s.promoted && s.runs <= 0) {
                s.promoted = false;
            }
        }
    }

    boolean promoted(long id) {
        return live.get(id).promoted;
    }

    int idle(long id) {
        return live.get(id).idle;
    }

    /** Step 6: each update touches one request, so the map's order does not matter. */
    void stepEnded(Set<Long> scheduled) {
        for (Map.Entry<Long, State> e : live.entrySet()) {
            State s = e.getValue();
            if (scheduled.contains(e.getKey())) {
                s.idle = 0;
                if (s.promoted) s.runs--;
            } else {
                s.idle++;
            }
        }
    }

    void finished(long id) {
        live.remove(id);
    }
}
