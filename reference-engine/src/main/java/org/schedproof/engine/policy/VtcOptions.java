package org.schedproof.engine.policy;

import java.util.Map;
import java.util.TreeMap;
import org.schedproof.engine.PolicyOptions;

/**
 * VTC's options (spec/FAIRNESS.md section 2): prices, fairness weights, and one enum per ambiguity of ALGORITHMS.md
 * section 9. Counters count in units of 1/{@code scale} of a weighted token, {@code scale} being the lcm of the
 * weights, so a charge divided by a weight stays an exact integer.
 */
public record VtcOptions(long inputPrice, long outputPrice, Map<String, Long> weights, long scale, Lift lift,
                         OutputCharge outputCharge, Admission admission) {
    /** Largest price and weight accepted, and largest lcm of the weights: they keep every charge far from overflow. */
    static final long MAX_PRICE = 1_000, MAX_WEIGHT = 1_000, MAX_SCALE = 1_000_000;

    /** What a client whose waiting queue becomes non-empty is lifted to (ambiguity 1). */
    public enum Lift {
        /** The least counter of the other backlogged clients, else the counter of the client that left last. */
        PAPER,
        /** The least counter of the other backlogged clients, else no lift (vtc_req_queue.py). */
        ARTIFACT,
        /** Never lifted: least counter first (lcf_req_queue.py). */
        NONE
    }

    /** How output tokens are charged (ambiguity 2). */
    public enum OutputCharge {
        /** Once per generated token. */
        ONCE,
        /** Also once more per token emitted in a step where some request finished (the artifact's finish handler). */
        ARTIFACT
    }

    /** The admission rule the pass adds to the batch former's (ALGORITHMS.md 1.3.D). */
    public enum Admission {
        /** Only the former's rules. */
        FORMER,
        /** S-LoRA's: the KV blocks of every running request's final length, the candidate's included, must fit. */
        RESERVE_MAX_OUTPUT
    }

    public VtcOptions {
        weights = Map.copyOf(weights);
    }

    /** Reads the options of {@code vtc}; {@code lcf} fixes {@code lift=none} and does not take it as an option. */
    static VtcOptions read(PolicyOptions o, boolean lcf) {
        long input = o.longValue("input-price", 1, 0, MAX_PRICE);
        long output = o.longValue("output-price", 2, 0, MAX_PRICE);
        String policy = lcf ? "lcf" : "vtc";
        Map<String, Long> weights = weights(policy, o.string("weights", ""));
        Lift lift = lcf ? Lift.NONE : o.enumValue("lift", Lift.class, Lift.PAPER);
        OutputCharge charge = o.enumValue("output-charge", OutputCharge.class, OutputCharge.ONCE);
        Admission admission = o.enumValue("admission", Admission.class, Admission.FORMER);
        long scale = 1;
        for (long w : weights.values()) {
            scale = scale / gcd(scale, w) * w;
            if (scale > MAX_SCALE) {
                throw new IllegalArgumentException("policy '" + policy + "': option weights: the lcm of the weights exceeds " + MAX_SCALE
                        + "; choose weights with a smaller common multiple");
            }
        }
        return new VtcOptions(input, output, weights, scale, lift, charge, admission);
    }

    /** A client's weight: as given, else 1. */
    public long weight(String client) {
        return weights.getOrDefault(client, 1L);
    }

    /** Counter units one weighted token of {@code client} is worth: scale / weight, exact. */
    public long unit(String client) {
        return scale / weight(client);
    }

    /** {@code name:weight,name:weight}; a name may contain ':' (the last one separates the weight). */
    static Map<String, Long> weights(String policy, String spec) {
        Map<String, Long> out = new TreeMap<>();
        if (spec.isBlank()) return out;
        for (String item : spec.split(",", -1)) {
            int colon = item.lastIndexOf(':');
            String name = colon < 0 ? "" : item.substring(0, colon).trim();
            long w;
            try {
                w = colon < 0 ? 0 : Long.parseLong(item.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                w = 0;
            }
            if (name.isEmpty() || w < 1 || w > MAX_WEIGHT) {
                throw new IllegalArgumentException("policy '" + policy + "': option weights: '" + item + "' is not CLIENT:WEIGHT with an integer"
                        + " weight in [1, " + MAX_WEIGHT + "] (e.g. weights=client-0:2,client-1:1)");
            }
            if (out.put(name, w) != null) {
                throw new IllegalArgumentException("policy '" + policy + "': option weights: client '" + name + "' is given twice");
            }
        }
        return out;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
