package org.schedproof.conformance.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A port's stdout as numbered lines, read on a thread of its own into a queue, so the harness waits for a reply with
 * a timeout and never blocks on the pipe. A line longer than the cap is never buffered whole: reading stops at the
 * cap and the queue ends with {@link TooLong}. The queue always ends with {@link TooLong} or {@link Closed}.
 */
final class StdoutLines implements Runnable {
    /** What the reader saw next. */
    sealed interface Item permits Line, TooLong, Closed {}

    /** Line {@code number} (from 1), without its line end. */
    record Line(long number, byte[] bytes) implements Item {}

    /** Line {@code number} ran past {@code cap} bytes without a line end. */
    record TooLong(long number, int cap) implements Item {}

    /**
     * stdout ended (the port exited or closed it) after {@code lines} whole lines and {@code partial} bytes without a
     * line end; {@code error} is the read error, or null at end of stream.
     */
    record Closed(long lines, int partial, IOException error) implements Item {}

    private final InputStream in;
    private final int cap;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();

    StdoutLines(InputStream in, int cap) {
        this.in = in;
        this.cap = cap;
    }

    /** The next item, or null when none came within {@code timeoutNanos}. */
    Item poll(long timeoutNanos) throws InterruptedException {
        return queue.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        byte[] chunk = new byte[1 << 16];
        byte[] line = new byte[256];
        int len = 0;
        long number = 1;
        try (in) {
            for (int n; (n = in.read(chunk)) > 0; ) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != '\n') continue;
                    int part = i - from;
                    if (len + part > cap) {
                        queue.add(new TooLong(number, cap));
                        return;
                    }
                    line = append(line, len, chunk, from, part);
                    queue.add(new Line(number++, Arrays.copyOf(line, len + part)));
                    len = 0;
                    from = i + 1;
                }
                int rest = n - from;
                if (len + rest > cap) {
                    queue.add(new TooLong(number, cap));
                    return;
                }
                line = append(line, len, chunk, from, rest);
                len += rest;
            }
            queue.add(new Closed(number - 1, len, null));
        } catch (IOException e) {
            queue.add(new Closed(number - 1, len, e));
        }
    }

    private static byte[] append(byte[] line, int len, byte[] src, int from, int n) {
        if (len + n > line.length) line = Arrays.copyOf(line, Math.max(len + n, 2 * line.length));
        System.arraycopy(src, from, line, len, n);
        return line;
    }
}
