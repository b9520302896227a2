package org.schedproof.conformance.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A port's child process and its three pipes, each served by a daemon thread of its own: stdin from a queue of
 * chunks (so a port that stops reading cannot block the harness on a full pipe), stdout as capped lines
 * ({@link StdoutLines}), stderr to a log ({@link StderrLog}). {@link #kill()} ends the process and all its
 * descendants.
 */
final class PortProcess {
    private static final byte[] CLOSE = new byte[0];

    private final Process process;
    private final StdoutLines stdout;
    private final StderrLog stderr;
    private final Thread stderrThread;
    private final BlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
    private volatile boolean stdinBroken;

    private PortProcess(Process process, int maxLineBytes, Path stderrLog) {
        this.process = process;
        this.stdout = new StdoutLines(process.getInputStream(), maxLineBytes);
        this.stderr = new StderrLog(process.getErrorStream(), stderrLog);
        daemon("port-stdout-" + process.pid(), stdout).start();
        stderrThread = daemon("port-stderr-" + process.pid(), stderr);
        stderrThread.start();
        daemon("port-stdin-" + process.pid(), this::feed).start();
    }

    /**
     * Starts {@code argv} in the harness's working directory and environment; an {@link IOException} when the OS
     * cannot start it.
     */
    static PortProcess start(List<String> argv, int maxLineBytes, Path stderrLog) throws IOException {
        if (argv.isEmpty()) throw new IOException("the port command is empty");
        Process p = new ProcessBuilder(argv).start();
        return new PortProcess(p, maxLineBytes, stderrLog);
    }

    /** Queues bytes for the port's stdin; never blocks. */
    void send(byte[] bytes) {
        if (bytes.length > 0) stdin.add(bytes);
    }

    /** Closes the port's stdin after what is queued (the port reads end of file). */
    void closeStdin() {
        stdin.add(CLOSE);
    }

    /** Whether writing to stdin failed (the port closed it or died). */
    boolean stdinBroken() {
        return stdinBroken;
    }

    /** The next stdout item, or null when none came within {@code timeoutNanos}. */
    StdoutLines.Item poll(long timeoutNanos) throws InterruptedException {
        return stdout.poll(timeoutNanos);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The exit status once the process has exited within {@code millis}, else null. */
    Integer exitStatus(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** The last stderr lines, after giving the log thread {@code millis} to reach the end of a dead port's stderr. */
    List<String> stderrTail(long millis) throws InterruptedException {
        if (!process.isAlive()) stderrThread.join(millis);
        return stderr.tail();
    }

    /**
     * Ends the process and every descendant it has now (found while it is alive: an orphan is no longer its
     * descendant), forcibly, and waits briefly for them to go.
     */
    void kill() {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        for (ProcessHandle h : tree) h.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            for (ProcessHandle h : tree) h.onExit().get(2, TimeUnit.SECONDS);
            stderrThread.join(1000);
        } catch (Exception e) {
            // best effort: the process tree has been signalled, nothing more can be done from here
        }
        stdin.add(CLOSE);
    }

    private void feed() {
        OutputStream out = process.getOutputStream();
        try (out) {
            for (byte[] b; (b = stdin.take()) != CLOSE; ) {
                out.write(b);
                out.flush();
            }
        } catch (IOException e) {
            stdinBroken = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
