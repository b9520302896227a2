package org.schedproof.engine.workload.format;

import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.PromptKeys;
import org.schedproof.engine.workload.TextSource;
import org.schedproof.engine.workload.gen.ArrivalProcess;
import org.schedproof.engine.workload.gen.ClientSampler;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * Lengths-only files (ShareGPT / arXiv stats): {@code num_prefill_tokens,num_decode_tokens,...}, other columns
 * ignored. Row i gets the i-th arrival of a seeded {@link ArrivalProcess} (options arrival, qps, cv, on, off,
 * seed) and a client from {@link ClientSampler} (clients, skew); one private segment.
 */
public final class LengthsReader extends CsvTraceReader {
    static final String PREFILL = "num_prefill_tokens";
    static final String DECODE = "num_decode_tokens";

    private final ArrivalProcess arrivals;
    private final ClientSampler clients;

    public LengthsReader(TextSource source, Options options) {
        super(source, "arrival", PREFILL, DECODE);
        long seed = options.longValue("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        this.arrivals = ArrivalProcess.fromOptions(options, seed);
        this.clients = ClientSampler.fromOptions(options, seed);
    }

    @Override
    protected long arrivalUs(Row row) {
        return arrivals.next();
    }

    @Override
    protected Request toRequest(Row row, long arrivalUs) {
        int prompt = row.length(PREFILL);
        int output = row.length(DECODE);
        return new Request(row.index(), clients.name(clients.nextIndex()), arrivalUs,
                Prompt.single(PromptKeys.key(PromptKeys.REQUEST, row.index()), prompt), output);
    }
}
