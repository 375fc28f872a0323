package dev.kiln.initializers;

import java.util.Map;

/**
 * Glorot (Xavier) normal, truncated.
 *
 * <pre>{@code
 * Tensor w = new GlorotNormal().initialize(Shape.of(784, 64), DType.FLOAT32);
 * }</pre>
 */
public final class GlorotNormal extends VarianceScaling {
    public GlorotNormal() { super(1.0, "fan_avg", "truncated_normal"); }

    /** From config (no arguments beyond Keras's seed, which Kiln takes from {@code Kiln.setSeed}). */
    public GlorotNormal(Map<String, Object> config) { this(); }

    @Override
    public Map<String, Object> getConfig() { return Map.of(); }
}
