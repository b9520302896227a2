package org.schedproof.engine.workload.format;

import org.schedproof.engine.workload.Clients;
import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.PromptKeys;
import org.schedproof.engine.workload.TextSource;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * Azure LLM inference trace 2023: {@code TIMESTAMP,ContextTokens,GeneratedTokens}. Arrival = microseconds since the
 * first row's timestamp, floored; the 7-digit fraction is read as an integer. One client, one private segment.
 */
public final class AzureReader extends CsvTraceReader {
    static final String TIMESTAMP = "TIMESTAMP";
    static final String CONTEXT = "ContextTokens";
    static final String GENERATED = "GeneratedTokens";

    private long firstNanos = Long.MIN_VALUE;

    public AzureReader(TextSource source, Options options) {
        super(source, TIMESTAMP, TIMESTAMP, CONTEXT, GENERATED);
    }

    @Override
    protected long arrivalUs(Row row) {
        long t = row.timestampNanos(TIMESTAMP);
        if (firstNanos == Long.MIN_VALUE) {
            firstNanos = t;
        }
        return Math.floorDiv(t - firstNanos, 1000L);
    }

    @Override
    protected Request toRequest(Row row, long arrivalUs) {
        int prompt = row.length(CONTEXT);
        int output = row.length(GENERATED);
        return new Request(row.index(), Clients.SINGLE, arrivalUs,
                Prompt.single(PromptKeys.key(PromptKeys.REQUEST, row.index()), prompt), output);
    }
}
