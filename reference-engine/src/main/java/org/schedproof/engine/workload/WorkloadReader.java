package org.schedproof.engine.workload;

import java.util.List;
import org.schedproof.spec.Request;

/**
 * Reads one workload. A reader is built from its source and options (asking for every option it understands at
 * construction, see {@link Options}), then read once.
 */
public interface WorkloadReader {

    /**
     * At most {@code limit} requests: for a file, its first {@code limit} rows, and no more is read. Ids are
     * provisional (distinct, ordering ties); {@link Workload#of} sorts and renumbers. Throws WorkloadException on
     * any fault, returning nothing partial.
     */
    List<Request> read(int limit);

    /** Builds a reader; one per format, named in {@link WorkloadFormat}. */
    @FunctionalInterface
    interface Factory {
        WorkloadReader open(TextSource source, Options options);
    }
}
