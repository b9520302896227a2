package org.schedproof.engine.workload.gen;

import java.util.Arrays;
import java.util.List;
import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.TextSource;
import org.schedproof.engine.workload.WorkloadException;
import org.schedproof.engine.workload.WorkloadReader;
import org.schedproof.spec.Request;

/**
 * {@code gen:NAME?options}: a seeded generator. Common options: requests (default 100), seed (default 0), the
 * arrival options of {@link ArrivalProcess}, clients/skew of {@link ClientSampler}, input/output/lengths of
 * {@link LengthSampler}; plus the structure's own. Same options and seed ⇒ the same workload, digest included.
 */
public final class GeneratorReader implements WorkloadReader {
    private final Structure structure;
    private final GenContext context;

    public GeneratorReader(TextSource source, Options given) {
        String name = source.location();
        Generator generator = Arrays.stream(Generator.values()).filter(g -> g.label().equals(name)).findFirst()
                .orElseThrow(() -> new WorkloadException("workload address '" + given.address()
                        + "': unknown generator '" + name + "' (known: " + String.join(", ", Generator.names()) + ")"));
        Options options = given.withDefaults(generator.presets());
        int requests = options.intValue("requests", 100, 0, 50_000_000);
        long seed = options.longValue("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        this.context = new GenContext(requests, seed, ArrivalProcess.fromOptions(options, seed),
                ClientSampler.fromOptions(options, seed),
                LengthSampler.fromOptions(options, seed, "32..1024", "16..256"));
        this.structure = generator.structure().create(options);
    }

    /** Generates all requests; {@code limit} is applied after sorting by arrival (see Workloads#load). */
    @Override
    public List<Request> read(int limit) {
        return structure.generate(context);
    }
}
