package org.schedproof.engine.predict;

import java.util.Arrays;
import java.util.function.Function;
import org.schedproof.engine.PolicyOptions;

/** The length predictors by their {@code predictor=} name: a new one is one class plus one line here. */
public enum Predictors {
    ORACLE_NOISE("oracle-noise", OracleNoise::new),
    LEARNED("learned", LearnedRanker::new);

    public final String id;
    private final Function<PolicyOptions, LengthPredictor> factory;

    Predictors(String id, Function<PolicyOptions, LengthPredictor> factory) {
        this.id = id;
        this.factory = factory;
    }

    /** The predictor named by option {@code predictor} (default {@code fallback}), built with its own options. */
    public static LengthPredictor create(PolicyOptions options, Predictors fallback) {
        String name = options.string("predictor", fallback.id);
        Predictors p = Arrays.stream(values()).filter(x -> x.id.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown predictor '" + name + "'; known: "
                        + Arrays.stream(values()).map(x -> x.id).toList()));
        return p.factory.apply(options);
    }
}
