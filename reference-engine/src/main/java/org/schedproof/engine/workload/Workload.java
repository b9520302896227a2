package org.schedproof.engine.workload;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * A workload: requests in arrival order ({@link Request#byArrival}) with ids 0..n-1 in that order, and a digest of
 * their content (spec/WORKLOAD.md, "Digest"). Two workloads with the same requests have the same digest whatever
 * their names.
 */
public record Workload(String name, List<Request> requests, String digest) {
    /** Version tag that opens the digested byte stream; bump it when the encoding changes. */
    public static final String DIGEST_VERSION = "schedproof.workload.v1";

    /**
     * Validates order and ids. A null digest is computed; a given one is checked, so a Workload can never carry a
     * digest that does not match its requests.
     */
    public Workload {
        Objects.requireNonNull(name, "name");
        requests = List.copyOf(requests);
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            if (r.id() != i) {
                throw new IllegalArgumentException("request at index " + i + " has id " + r.id() + "; ids must be 0..n-1");
            }
            if (i > 0 && requests.get(i - 1).arrivalUs() > r.arrivalUs()) {
                throw new IllegalArgumentException("request " + i + " arrives before request " + (i - 1));
            }
        }
        String computed = digestOf(requests);
        if (digest == null) {
            digest = computed;
        } else if (!digest.equals(computed)) {
            throw new IllegalArgumentException("digest " + digest + " does not match the requests (" + computed + ")");
        }
    }

    /**
     * A workload of {@code requests} in any order and with any distinct ids: sorted by (arrival, id), then
     * renumbered 0..n-1 in that order.
     */
    public static Workload of(String name, List<Request> requests) {
        List<Request> sorted = new ArrayList<>(requests);
        sorted.sort(Request::byArrival);
        for (int i = 0; i < sorted.size(); i++) {
            Request r = sorted.get(i);
            if (i > 0 && sorted.get(i - 1).id() == r.id()) {
                throw new IllegalArgumentException("two requests have id " + r.id());
            }
        }
        for (int i = 0; i < sorted.size(); i++) {
            Request r = sorted.get(i);
            if (r.id() != i) {
                sorted.set(i, new Request(i, r.client(), r.arrivalUs(), r.prompt(), r.maxNewTokens()));
            }
        }
        return new Workload(name, sorted, null);
    }

    /** The most KV positions any request reaches: prompt plus max new tokens (0 when empty). */
    public int longestSequence() {
        int m = 0;
        for (Request r : requests) m = Math.max(m, r.promptLength() + r.maxNewTokens());
        return m;
    }

    public int size() {
        return requests.size();
    }

    /** The first {@code n} requests (all of them if there are fewer); the name says it was cut. */
    public Workload limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + n);
        }
        if (n >= requests.size()) {
            return this;
        }
        return new Workload(name + " (first " + n + ")", requests.subList(0, n), null);
    }

    /**
     * "sha256:" + lowercase hex of SHA-256 over the canonical encoding of spec/WORKLOAD.md: the UTF-8 bytes of
     * {@link #DIGEST_VERSION}, the request count (int64), then per request in order: id (int64), arrival µs (int64),
     * max new tokens (int32), client as UTF-8 byte count (int32) and bytes, segment count (int32), then per segment
     * its key (int64) and end (int32). All integers big-endian.
     */
    public static String digestOf(List<Request> requests) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(DIGEST_VERSION.getBytes(StandardCharsets.UTF_8));
            out.writeLong(requests.size());
            for (Request r : requests) {
                out.writeLong(r.id());
                out.writeLong(r.arrivalUs());
                out.writeInt(r.maxNewTokens());
                byte[] client = r.client().getBytes(StandardCharsets.UTF_8);
                out.writeInt(client.length);
                out.write(client);
                Prompt p = r.prompt();
                long[] keys = p.keys();
                int[] ends = p.ends();
                out.writeInt(keys.length);
                for (int s = 0; s < keys.length; s++) {
                    out.writeLong(keys[s]);
                    out.writeInt(ends[s]);
                }
                if (buffer.size() >= 1 << 16) {
                    out.flush();
                    sha.update(buffer.toByteArray());
                    buffer.reset();
                }
            }
            out.flush();
            sha.update(buffer.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream", e);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }
}
