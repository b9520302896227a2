package org.schedproof.engine.workload.format;

import org.schedproof.engine.workload.Clients;
import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.PromptKeys;
import org.schedproof.engine.workload.TextSource;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * Vidur's replay format: {@code arrived_at,num_prefill_tokens,num_decode_tokens}; arrived_at in decimal seconds,
 * taken as is (not shifted), rounded half-even to µs. One client, one private segment.
 */
public final class VidurReader extends CsvTraceReader {
    static final String ARRIVED_AT = "arrived_at";
    static final String PREFILL = "num_prefill_tokens";
    static final String DECODE = "num_decode_tokens";

    public VidurReader(TextSource source, Options options) {
        super(source, ARRIVED_AT, ARRIVED_AT, PREFILL, DECODE);
    }

    @Override
    protected long arrivalUs(Row row) {
        return row.seconds(ARRIVED_AT);
    }

    @Override
    protected Request toRequest(Row row, long arrivalUs) {
        int prompt = row.length(PREFILL);
        int output = row.length(DECODE);
        return new Request(row.index(), Clients.SINGLE, arrivalUs,
                Prompt.single(PromptKeys.key(PromptKeys.REQUEST, row.index()), prompt), output);
    }
}
