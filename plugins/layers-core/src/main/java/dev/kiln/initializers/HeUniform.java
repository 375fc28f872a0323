package dev.kiln.initializers;

import java.util.Map;

/**
 * He uniform: limit sqrt(6 / fan_in).
 *
 * <pre>{@code
 * Tensor w = new HeUniform().initialize(Shape.of(784, 64), DType.FLOAT32);
 * }</pre>
 */
public final class HeUniform extends VarianceScaling {
    public HeUniform() { super(2.0, "fan_in", "uniform"); }

    /** From config (no arguments beyond Keras's seed, which Kiln takes from {@code Kiln.setSeed}). */
    public HeUniform(Map<String, Object> config) { this(); }

    @Override
    public Map<String, Object> getConfig() { return Map.of(); }
}
