package org.schedproof.conformance.fuzz.gen;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.engine.workload.Clients;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * A workload being drawn: one slot per request, filled part by part (clients, then arrivals, then lengths, then
 * prompts). The parts see what the earlier ones drew, so a conversation can follow its client and its arrival order.
 */
public final class Sketch {
    public final int requests;
    /** The KV block size the case's engine will use (prefix generators align to it or to one position off). */
    public final int blockSize;
    public int clients = 1;
    public final int[] client;
    public final long[] arrivalUs;
    public final int[] promptLength;
    public final int[] output;
    public final Prompt[] prompt;

    public Sketch(int requests, int blockSize) {
        this.requests = requests;
        this.blockSize = blockSize;
        client = new int[requests];
        arrivalUs = new long[requests];
        promptLength = new int[requests];
        output = new int[requests];
        prompt = new Prompt[requests];
    }

    /** The requests drawn, ids in slot order (arrivals are drawn non-decreasing). */
    public List<Request> build() {
        List<Request> out = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            out.add(new Request(i, Clients.name(client[i]), arrivalUs[i], prompt[i], output[i]));
        }
        return out;
    }
}
