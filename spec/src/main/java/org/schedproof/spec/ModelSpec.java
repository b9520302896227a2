package org.schedproof.spec;

/**
 * Which exact-integer model computes tokens (spec/MODEL.md): a named shape and a weight seed, or {@link #OFF} when
 * tokens are not computed and only lengths matter (large traces).
 */
public record ModelSpec(String shape, long seed) {
    public static final ModelSpec OFF = new ModelSpec("off", 0);

    public static ModelSpec tiny(long seed) {
        return new ModelSpec("tiny", seed);
    }

    public boolean isOff() {
        return "off".equals(shape);
    }

    /** The id written in trace headers, e.g. {@code tiny@1} or {@code off}. */
    public String id() {
        return isOff() ? "off" : shape + "@" + seed;
    }
}
