package dev.kiln.initializers;

import java.util.Map;

/**
 * LeCun uniform: limit sqrt(3 / fan_in).
 *
 * <pre>{@code
 * Tensor w = new LecunUniform().initialize(Shape.of(784, 64), DType.FLOAT32);
 * }</pre>
 */
public final class LecunUniform extends VarianceScaling {
    public LecunUniform() { super(1.0, "fan_in", "uniform"); }

    /** From config (no arguments beyond Keras's seed, which Kiln takes from {@code Kiln.setSeed}). */
    public LecunUniform(Map<String, Object> config) { this(); }

    @Override
    public Map<String, Object> getConfig() { return Map.of(); }
}
