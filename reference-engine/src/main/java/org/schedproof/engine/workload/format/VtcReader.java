package org.schedproof.engine.workload.format;

import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.PromptKeys;
import org.schedproof.engine.workload.TextSource;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * The VTC artifact's real trace: {@code req_id,client,req_time_s,prompt_len,output_len}. Clients as in the file;
 * req_time_s in decimal seconds, rounded half-even to µs; req_id is checked to be a non-negative integer but ids are
 * renumbered in arrival order like every workload's. One private segment per request.
 */
public final class VtcReader extends CsvTraceReader {
    static final String REQ_ID = "req_id";
    static final String CLIENT = "client";
    static final String TIME = "req_time_s";
    static final String PROMPT = "prompt_len";
    static final String OUTPUT = "output_len";

    public VtcReader(TextSource source, Options options) {
        super(source, TIME, REQ_ID, CLIENT, TIME, PROMPT, OUTPUT);
    }

    @Override
    protected long arrivalUs(Row row) {
        return row.seconds(TIME);
    }

    @Override
    protected Request toRequest(Row row, long arrivalUs) {
        row.integer(REQ_ID, 0, Long.MAX_VALUE);
        String client = row.text(CLIENT);
        int prompt = row.length(PROMPT);
        int output = row.length(OUTPUT);
        return new Request(row.index(), client, arrivalUs,
                Prompt.single(PromptKeys.key(PromptKeys.REQUEST, row.index()), prompt), output);
    }
}
