package org.schedproof.engine.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Where a reader's text comes from: a file or a classpath resource, gzip-compressed when its path ends in ".gz".
 * Decompression and decoding (strict UTF-8) happen here, once, so readers only ever see lines.
 *
 * @param name what error messages call it: the path as given in the address, or "builtin:NAME"
 * @param location the file path or resource path
 */
public record TextSource(String name, String location, boolean resource) {

    public static TextSource file(String path) {
        return new TextSource(path, path, false);
    }

    public static TextSource resource(String name, String resourcePath) {
        return new TextSource(name, resourcePath, true);
    }

    /** Opens the lines; the caller closes them. A missing file is a WorkloadException naming it. */
    public LineReader lines() {
        InputStream in;
        try {
            if (resource) {
                in = TextSource.class.getResourceAsStream(location);
                if (in == null) {
                    throw new WorkloadException(name + ": missing resource " + location);
                }
            } else {
                Path p = Path.of(location);
                if (Files.isDirectory(p)) {
                    throw new WorkloadException(name + ": is a directory, expected a file");
                }
                in = Files.newInputStream(p);
            }
        } catch (NoSuchFileException e) {
            throw new WorkloadException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new WorkloadException(name + ": permission denied");
        } catch (IOException e) {
            throw new WorkloadException(name + ": cannot open: " + e.getMessage(), e);
        }
        try {
            if (location.endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
        } catch (IOException e) {
            close(in);
            throw new WorkloadException(name + ": not a gzip file (" + e.getMessage() + ")", e);
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new LineReader(name, new BufferedReader(new InputStreamReader(in, decoder), 1 << 16));
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing with a better message
        }
    }
}
