package org.schedproof.conformance.fuzz.gen;

import java.util.Map;
import org.schedproof.engine.workload.Workload;

/** Options of one policy worth varying (spec/FAIRNESS.md lists them): suggested values for a case's workload. */
public interface Params {
    /** The {@code --policy} name these options belong to. */
    String policy();

    Map<String, String> suggest(Draw d, Workload w);
}
