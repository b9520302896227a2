package org.schedproof.engine.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/** A hand-built engine state for ordering tests: waiting and running requests and the cached prefix of each. */
final class FakeView implements EngineView {
    record Req(Request request, int computed, int generated) implements RequestView {
        @Override
        public int blocksHeld() {
            return 0;
        }

        @Override
        public int preemptions() {
            return 0;
        }
    }

    final List<Req> waiting = new ArrayList<>();
    final List<Req> running = new ArrayList<>();
    final Map<Long, Integer> cached = new HashMap<>();
    long step;

    /** A waiting request (arrival = 10·id) of {@code client} with {@code prompt}, the cache supplying {@code hit}. */
    Req wait(long id, String client, Prompt prompt, int hit) {
        Req r = new Req(new Request(id, client, 10 * id, prompt, 4), 0, 0);
        waiting.add(r);
        waiting.sort((a, b) -> Request.byArrival(a.request(), b.request()));
        cached.put(id, hit);
        return r;
    }

    /** A waiting request with a one-segment prompt of its own. */
    Req wait(long id, String client, int promptLength, int hit) {
        return wait(id, client, Prompt.single(1_000_000 + id, promptLength), hit);
    }

    /** Moves a waiting request to running with {@code computed} positions done. */
    void run(Req r, int computed) {
        waiting.remove(r);
        running.add(new Req(r.request(), computed, 0));
    }

    @Override
    public long nowUs() {
        return 0;
    }

    @Override
    public long stepIndex() {
        return step;
    }

    @Override
    public EngineConfig config() {
        return EngineConfig.defaults();
    }

    @Override
    public List<? extends RequestView> waiting() {
        return waiting;
    }

    @Override
    public List<? extends RequestView> running() {
        return running;
    }

    @Override
    public int freeBlocks() {
        return 1000;
    }

    @Override
    public int evictableBlocks() {
        return 0;
    }

    @Override
    public int cachedPrefixTokens(long requestId) {
        return cached.getOrDefault(requestId, 0);
    }

    @Override
    public int cachedPrefixEvictableBlocks(long requestId) {
        return 0;
    }

    @Override
    public int releasableBlocks(long requestId) {
        return 0;
    }

    /** The ids a pass offers when every offered request is admitted with its cached hit and whole prompt. */
    static List<Long> drain(Ordering.Pass pass, FakeView view) {
        List<Long> out = new ArrayList<>();
        for (RequestView r; (r = pass.next()) != null; ) {
            int hit = view.cachedPrefixTokens(r.id());
            pass.admitted(r, hit, r.sequenceLength() - hit);
            out.add(r.id());
        }
        return out;
    }
}
