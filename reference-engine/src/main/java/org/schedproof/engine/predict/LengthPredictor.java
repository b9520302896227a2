package org.schedproof.engine.predict;

import java.util.Map;
import org.schedproof.spec.Request;

/**
 * Predicts how many tokens a request will generate from what a real scheduler could know when it arrives; the
 * learning-to-rank and ALISE schedulers order by it. Implementations are deterministic: the same request (and, for
 * a seeded one, the same seed) gives the same prediction.
 */
public interface LengthPredictor {
    /** The registry name recorded in the trace header, e.g. {@code oracle-noise}. */
    String name();

    /** Predicted output tokens of {@code request}. */
    //@ requires request != null;
    //@ ensures \result >= 1;
    int predict(Request request);

    default Map<String, String> parameters() {
        return Map.of();
    }
}
