package dev.kiln.initializers;

import java.util.Map;

/**
 * LeCun normal, truncated.
 *
 * <pre>{@code
 * Tensor w = new LecunNormal().initialize(Shape.of(784, 64), DType.FLOAT32);
 * }</pre>
 */
public final class LecunNormal extends VarianceScaling {
    public LecunNormal() { super(1.0, "fan_in", "truncated_normal"); }

    /** From config (no arguments beyond Keras's seed, which Kiln takes from {@code Kiln.setSeed}). */
    public LecunNormal(Map<String, Object> config) { this(); }

    @Override
    public Map<String, Object> getConfig() { return Map.of(); }
}
