package org.schedproof.engine.workload.gen;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.WorkloadException;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.Request;

/**
 * (prompt, output) length pairs: from {@code input} and {@code output} distributions ({@link LengthDist}), or drawn
 * uniformly with replacement from the requests of {@code lengths=ADDRESS} (any workload address without options;
 * a plain path is read as the {@code lengths} CSV format), which keeps real prompt/output correlations.
 */
public final class LengthSampler {
    private final LengthDist.Sampler input;
    private final LengthDist.Sampler output;
    private final int[] prompts;
    private final int[] outputs;
    private final UniformRandomProvider rng;

    private LengthSampler(LengthDist.Sampler input, LengthDist.Sampler output, int[] prompts, int[] outputs,
                          UniformRandomProvider rng) {
        this.input = input;
        this.output = output;
        this.prompts = prompts;
        this.outputs = outputs;
        this.rng = rng;
    }

    public static LengthSampler fromOptions(Options options, long seed, String defaultInput, String defaultOutput) {
        UniformRandomProvider rng = Seeds.LENGTHS.rng(seed);
        LengthDist in = LengthDist.fromOption(options, "input", defaultInput);
        LengthDist out = LengthDist.fromOption(options, "output", defaultOutput);
        String source = options.string("lengths", null);
        if (source == null) {
            return new LengthSampler(in.sampler(rng), out.sampler(rng), null, null, rng);
        }
        if (options.given("input") || options.given("output")) {
            throw options.bad("lengths", "give either lengths= or input=/output=, not both");
        }
        String address = source.matches("[a-z][a-z0-9-]*:.*") ? source : "lengths:" + source;
        List<Request> requests;
        try {
            requests = Workloads.load(address).requests();
        } catch (WorkloadException e) {
            throw options.bad("lengths", e.getMessage());
        }
        if (requests.isEmpty()) {
            throw options.bad("lengths", address + " has no requests");
        }
        int[] prompts = new int[requests.size()];
        int[] outputs = new int[requests.size()];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = requests.get(i).promptLength();
            outputs[i] = requests.get(i).maxNewTokens();
        }
        return new LengthSampler(null, null, prompts, outputs, rng);
    }

    /** The next pair as {prompt, output}. */
    public int[] next() {
        if (prompts != null) {
            int i = rng.nextInt(prompts.length);
            return new int[] {prompts[i], outputs[i]};
        }
        return new int[] {input.next(), output.next()};
    }
}
