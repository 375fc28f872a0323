package dev.kiln.initializers;

import java.util.Map;

/**
 * Glorot (Xavier) uniform: limit sqrt(6 / (fan_in + fan_out)); Keras's default kernel initializer.
 *
 * <pre>{@code
 * Tensor w = new GlorotUniform().initialize(Shape.of(784, 64), DType.FLOAT32);
 * }</pre>
 */
public final class GlorotUniform extends VarianceScaling {
    public GlorotUniform() { super(1.0, "fan_avg", "uniform"); }

    /** From config (no arguments beyond Keras's seed, which Kiln takes from {@code Kiln.setSeed}). */
    public GlorotUniform(Map<String, Object> config) { this(); }

    @Override
    public Map<String, Object> getConfig() { return Map.of(); }
}
