package org.schedproof.engine.workload;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.zip.ZipException;

/**
 * Lines of a {@link TextSource} with 1-based line numbers. Accepts \n and \r\n endings and a last line without one.
 * I/O faults become WorkloadExceptions that name the file and the line being read.
 */
public final class LineReader implements AutoCloseable {
    private final String name;
    private final BufferedReader in;
    private long number;

    LineReader(String name, BufferedReader in) {
        this.name = name;
        this.in = in;
    }

    /** The next line without its ending, or null at the end. */
    public String next() {
        try {
            String line = in.readLine();
            if (line != null) {
                number++;
            }
            return line;
        } catch (EOFException | ZipException e) {
            throw WorkloadException.at(name, number + 1, "gzip data truncated or corrupt (" + e.getMessage() + ")");
        } catch (CharacterCodingException e) {
            throw WorkloadException.at(name, number + 1, "not valid UTF-8");
        } catch (IOException e) {
            throw WorkloadException.at(name, number + 1, "read error: " + e.getMessage());
        }
    }

    /** The number of the line last returned by {@link #next()}. */
    public long number() {
        return number;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was written; a failed close loses nothing
        }
    }
}
