package org.schedproof.spec.trace;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Hands items from the calling thread to a worker thread of its own, in batches; the worker applies its sink to every
 * item in the order handed over (so what the sink computes does not depend on the threads' timing). A failure of the
 * sink stops it (later items are taken and dropped, so the caller never blocks) and is rethrown by {@link #finish()}.
 * What the checkers of a trace (invariants' TraceCheck.Background) and a simulation's trace writer run on.
 */
public final class Handoff<T> implements AutoCloseable {
    private static final int BATCH = 256;
    private static final Object[] DONE = new Object[0];
    private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(16);
    private final Consumer<T> sink;
    private final Runnable atEnd;
    private final Thread thread;
    private Object[] batch = new Object[BATCH];
    private int n;
    private volatile RuntimeException failure;
    private boolean finished;

    /** A worker named {@code name} applying {@code sink} to each item, then {@code atEnd} (may be null) after the last. */
    public Handoff(String name, Consumer<T> sink, Runnable atEnd) {
        this.sink = sink;
        this.atEnd = atEnd;
        thread = new Thread(this::drain, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void accept(T item) {
        batch[n++] = item;
        if (n == BATCH) {
            hand(batch);
            batch = new Object[BATCH];
            n = 0;
        }
    }

    /** Hands the rest over, waits until the worker applied the sink to every item and ran {@code atEnd}. */
    public void finish() {
        if (!finished) {
            hand(java.util.Arrays.copyOf(batch, n));
            n = 0;
            hand(DONE);
            finished = true;
            try {
                thread.join();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + thread.getName(), ex);
            }
        }
        if (failure != null) throw failure;
    }

    private void hand(Object[] items) {
        if (finished) throw new IllegalStateException("finished: no more items");
        try {
            queue.put(items);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing items to " + thread.getName(), ex);
        }
    }

    @SuppressWarnings("unchecked")
    private void drain() {
        try {
            for (Object[] items = queue.take(); items != DONE; items = queue.take()) {
                if (failure != null) continue;
                try {
                    for (Object item : items) sink.accept((T) item);
                } catch (RuntimeException | Error ex) {
                    // an Error too: a dead worker would leave the caller blocked on a full queue
                    failure = failed(ex);
                }
            }
            if (failure == null && atEnd != null) atEnd.run();
        } catch (InterruptedException ex) {
            // closed before the end: nothing waits for this thread
        } catch (RuntimeException | Error ex) {
            failure = failed(ex);
        }
    }

    private RuntimeException failed(Throwable ex) {
        return ex instanceof RuntimeException r ? r : new IllegalStateException(thread.getName() + " failed", ex);
    }

    /** Stops the worker if the items were abandoned before {@link #finish()}. */
    @Override
    public void close() {
        if (!finished) thread.interrupt();
    }
}
