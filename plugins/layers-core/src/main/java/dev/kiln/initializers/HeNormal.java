package dev.kiln.initializers;

import java.util.Map;

/**
 * He normal, truncated.
 *
 * <pre>{@code
 * Tensor w = new HeNormal().initialize(Shape.of(784, 64), DType.FLOAT32);
 * }</pre>
 */
public final class HeNormal extends VarianceScaling {
    public HeNormal() { super(2.0, "fan_in", "truncated_normal"); }

    /** From config (no arguments beyond Keras's seed, which Kiln takes from {@code Kiln.setSeed}). */
    public HeNormal(Map<String, Object> config) { this(); }

    @Override
    public Map<String, Object> getConfig() { return Map.of(); }
}
