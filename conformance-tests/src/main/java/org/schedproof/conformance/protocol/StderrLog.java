package org.schedproof.conformance.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A port's stderr, copied to a log file on a thread of its own (a port that floods stderr never blocks) and never
 * parsed; the last lines are kept as evidence for a verdict.
 */
final class StderrLog implements Runnable {
    static final int TAIL_LINES = 20;
    static final int TAIL_LINE_CHARS = 300;

    private final InputStream in;
    private final Path file;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final StringBuilder current = new StringBuilder();

    /** {@code file} null: stderr is drained and only its tail kept. */
    StderrLog(InputStream in, Path file) {
        this.in = in;
        this.file = file;
    }

    @Override
    public void run() {
        byte[] chunk = new byte[1 << 14];
        OutputStream log = null;
        try {
            log = open();
        } catch (IOException e) {
            // Keep draining without a file: a port blocked on a full stderr pipe would look hung.
            push("[cannot write the stderr log " + file + ": " + e.getMessage() + "]");
        }
        try (in; OutputStream out = log) {
            for (int n; (n = in.read(chunk)) > 0; ) {
                if (out != null) {
                    out.write(chunk, 0, n);
                    out.flush();
                }
                remember(chunk, n);
            }
        } catch (IOException e) {
            synchronized (tail) {
                push("[stderr unreadable: " + e.getMessage() + "]");
            }
        }
    }

    /** The last lines written so far (a line without its end yet included), oldest first. */
    List<String> tail() {
        synchronized (tail) {
            List<String> out = new ArrayList<>(tail);
            if (current.length() > 0) out.add(current.toString());
            return out;
        }
    }

    private OutputStream open() throws IOException {
        if (file == null) return null;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        return Files.newOutputStream(file);
    }

    private void remember(byte[] chunk, int n) {
        String text = new String(chunk, 0, n, StandardCharsets.UTF_8);
        synchronized (tail) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n') {
                    push(current.toString());
                    current.setLength(0);
                } else if (c != '\r' && current.length() < TAIL_LINE_CHARS) {
                    current.append(c);
                }
            }
        }
    }

    private void push(String line) {
        if (tail.size() == TAIL_LINES) tail.removeFirst();
        tail.addLast(line);
    }
}
