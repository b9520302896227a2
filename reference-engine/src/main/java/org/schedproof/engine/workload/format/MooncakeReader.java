package org.schedproof.engine.workload.format;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.engine.workload.Clients;
import org.schedproof.engine.workload.LineReader;
import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.PromptKeys;
import org.schedproof.engine.workload.TextSource;
import org.schedproof.engine.workload.WorkloadException;
import org.schedproof.engine.workload.WorkloadReader;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.PromptTokens;
import org.schedproof.spec.Request;

/**
 * Mooncake traces (FAST'25): one JSON object per line, {@code {"timestamp": ms, "input_length": n, "output_length":
 * m, "hash_ids": [..]}}; other fields are ignored. The prompt is one segment per 512-token block, segment s keyed
 * {@code key(MOONCAKE_BLOCK, hash_ids[s])}, so equal hash ids are equal tokens and a prompt costs memory per block.
 * Options: {@code clients=N} derives tenants: client-k with k = mix64(hash_ids[b]) mod N (unsigned), b =
 * min({@code client-block}, blocks - 1), client-block defaulting to 0. Requests that share that block (a
 * conversation) stay with one client.
 */
public final class MooncakeReader implements WorkloadReader {
    public static final int BLOCK = 512;
    static final String TIMESTAMP = "timestamp";
    static final String INPUT = "input_length";
    static final String OUTPUT = "output_length";
    static final String HASH_IDS = "hash_ids";

    private final TextSource source;
    private final int clients;
    private final int clientBlock;

    public MooncakeReader(TextSource source, Options options) {
        this.source = source;
        this.clients = options.intValue("clients", 1, 1, 1_000_000);
        this.clientBlock = options.intValue("client-block", 0, 0, Integer.MAX_VALUE);
    }

    @Override
    public List<Request> read(int limit) {
        List<Request> out = new ArrayList<>();
        if (limit == 0) {
            return out;
        }
        try (LineReader lines = source.lines()) {
            long previous = -1;
            long previousLine = 0;
            String line;
            while (out.size() < limit && (line = lines.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Request r = parse(line, lines.number(), out.size());
                if (r.arrivalUs() < previous) {
                    throw WorkloadException.at(source.name(), lines.number(), TIMESTAMP, "time goes backwards: "
                            + r.arrivalUs() / 1000 + " ms here, " + previous / 1000 + " ms on line " + previousLine
                            + " (rows must be in time order)");
                }
                previous = r.arrivalUs();
                previousLine = lines.number();
                out.add(r);
            }
        }
        return out;
    }

    private Request parse(String line, long number, int index) {
        long[] v = {-1, -1, -1};
        long[][] hashIds = {null};
        JsonRecord.parse(source.name(), number, line, (r, name) -> {
            switch (name) {
                case TIMESTAMP -> v[0] = r.integer(0, Long.MAX_VALUE);
                case INPUT -> v[1] = r.integer(1, Integer.MAX_VALUE);
                case OUTPUT -> v[2] = r.integer(1, Integer.MAX_VALUE);
                case HASH_IDS -> hashIds[0] = r.integers(0, PromptKeys.MAX_VALUE);
                default -> r.skip();
            }
        });
        long timestamp = v[0];
        long input = v[1];
        long output = v[2];
        long[] hashes = hashIds[0];
        require(timestamp >= 0, number, TIMESTAMP);
        require(input >= 0, number, INPUT);
        require(output >= 0, number, OUTPUT);
        require(hashes != null, number, HASH_IDS);
        long blocks = (input + BLOCK - 1) / BLOCK;
        if (hashes.length != blocks) {
            throw WorkloadException.at(source.name(), number, HASH_IDS, "has " + hashes.length + " ids, expected ceil("
                    + INPUT + " / " + BLOCK + ") = " + blocks);
        }
        long[] keys = new long[hashes.length];
        for (int s = 0; s < keys.length; s++) {
            keys[s] = PromptKeys.key(PromptKeys.MOONCAKE_BLOCK, hashes[s]);
        }
        String client = Clients.SINGLE;
        if (clients > 1) {
            long h = hashes[Math.min(clientBlock, hashes.length - 1)];
            client = Clients.name((int) Long.remainderUnsigned(PromptTokens.mix64(h), clients));
        }
        long arrival;
        try {
            arrival = Math.multiplyExact(timestamp, 1000L);
        } catch (ArithmeticException e) {
            throw WorkloadException.at(source.name(), number, TIMESTAMP, "too large: " + timestamp + " ms");
        }
        return new Request(index, client, arrival, Prompt.ofBlocks(keys, BLOCK, (int) input), (int) output);
    }

    private void require(boolean present, long number, String field) {
        if (!present) {
            throw WorkloadException.at(source.name(), number, field, "missing");
        }
    }
}
