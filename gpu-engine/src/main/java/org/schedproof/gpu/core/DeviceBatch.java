package org.schedproof.gpu.core;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.gpu.cuda.CudaModel;

/**
 * The slices of one iteration, queued for the device in batch order and run together. The engine books blocks
 * slice by slice as the reference does, so a block a queued slice reads may be freed and taken again by a later slice
 * of the same iteration; such a block is marked, and taking it first runs what is queued. The model is exact, so
 * running the iteration in one launch or several gives the same tokens (spec/MODEL.md 1).
 */
final class DeviceBatch {
    /** Where a queued slice's token goes once it is computed. */
    interface Sink {
        void token(int token);
    }

    private final CudaModel model;
    private final int[] markedIn;
    private final List<CudaModel.Work> works = new ArrayList<>();
    private final List<Sink> sinks = new ArrayList<>();
    private int epoch = 1;

    DeviceBatch(CudaModel model, int numBlocks) {
        this.model = model;
        this.markedIn = new int[numBlocks];
    }

    /** Queues a slice over the blocks of {@code table}; {@code sink} (emitting slices only) gets its token. */
    void add(int[] tokens, int start, int[] table, Sink sink) {
        for (int block : table) markedIn[block] = epoch;
        works.add(new CudaModel.Work(tokens, start, table, sink != null));
        if (sink != null) sinks.add(sink);
    }

    /** Call before writing into a block just taken from the pool. */
    void taking(int block) {
        if (markedIn[block] == epoch) flush();
    }

    /** Runs everything queued and hands out the tokens. */
    void flush() {
        if (works.isEmpty()) return;
        int[] next = model.run(works);
        for (int i = 0; i < next.length; i++) sinks.get(i).token(next[i]);
        works.clear();
        sinks.clear();
        epoch++;
    }

}
