package org.schedproof.engine.batching;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;

/**
 * A hand-built engine state for pinning one scheduling decision: requests placed as waiting or running with the KV
 * they hold, a number of free blocks, no prefix cache. Tests build it in view of the expected outcome.
 */
public final class FakeView implements EngineView {
    /** One live request with the state a scheduler sees. */
    public record Live(Request request, int computed, int generated, int blocksHeld, int preemptions)
            implements RequestView {}

    private final EngineConfig config;
    private final List<Live> waiting = new ArrayList<>();
    private final List<Live> running = new ArrayList<>();
    private int freeBlocks;
    private long now;
    private long step;

    public FakeView(EngineConfig config, int freeBlocks) {
        this.config = config;
        this.freeBlocks = freeBlocks;
    }

    public static Request request(long id, long arrivalUs, int prompt, int output) {
        return new Request(id, "c" + id % 2, arrivalUs, Prompt.single(id, prompt), output);
    }

    /** A waiting request of {@code prompt} tokens wanting {@code output}. */
    public FakeView waiting(long id, long arrivalUs, int prompt, int output) {
        waiting.add(new Live(request(id, arrivalUs, prompt, output), 0, 0, 0, 0));
        waiting.sort((a, b) -> Request.byArrival(a.request(), b.request()));
        return this;
    }

    /** A running request in decode phase that has generated {@code generated} tokens (KV for all but the newest). */
    public FakeView decoding(long id, long arrivalUs, int prompt, int output, int generated) {
        int computed = prompt + generated - 1;
        running.add(new Live(request(id, arrivalUs, prompt, output), computed, generated, blocksFor(computed), 0));
        return this;
    }

    /** A running request whose prompt is computed up to {@code computed} (a partial prefill). */
    public FakeView prefilling(long id, long arrivalUs, int prompt, int output, int computed) {
        running.add(new Live(request(id, arrivalUs, prompt, output), computed, 0, blocksFor(computed), 0));
        return this;
    }

    public FakeView at(long stepIndex, long nowUs) {
        this.step = stepIndex;
        this.now = nowUs;
        return this;
    }

    public FakeView free(int blocks) {
        this.freeBlocks = blocks;
        return this;
    }

    @Override
    public long nowUs() {
        return now;
    }

    @Override
    public long stepIndex() {
        return step;
    }

    @Override
    public EngineConfig config() {
        return config;
    }

    @Override
    public List<Live> waiting() {
        return waiting;
    }

    @Override
    public List<Live> running() {
        return running;
    }

    @Override
    public int freeBlocks() {
        return freeBlocks;
    }

    @Override
    public int evictableBlocks() {
        return 0;
    }

    @Override
    public int cachedPrefixTokens(long requestId) {
        return 0;
    }

    @Override
    public int cachedPrefixEvictableBlocks(long requestId) {
        return 0;
    }

    @Override
    public int releasableBlocks(long requestId) {
        return running.stream().filter(r -> r.id() == requestId).findFirst().orElseThrow().blocksHeld();
    }
}
