package org.schedproof.engine.workload.gen;

import java.util.List;
import org.schedproof.engine.workload.Options;
import org.schedproof.spec.Request;

/** The prefix structure of a generated workload: how requests and their prompt segments are made. */
public interface Structure {

    /** Exactly {@code ctx.requests()} requests, any order, distinct ids. */
    List<Request> generate(GenContext ctx);

    /** Builds a structure, reading (and so declaring) its own options. */
    @FunctionalInterface
    interface Factory {
        Structure create(Options options);
    }
}
