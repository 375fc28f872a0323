package dev.kiln.initializers;

import java.util.Map;

/**
 * Glorot (Xavier) uniform: within {@code ±sqrt(6 / (fan_in + fan_out))}; the default Dense kernel initializer, as Keras's {@code glorot_uniform}; samples come from Kiln's seeded generator ({@code Kiln.setSeed}).
 *
 * <pre>{@code
 * Tensor w = new GlorotUniform().initialize(Shape.of(784, 64), DType.FLOAT32);
 * Dense d = new Dense(64, "relu").kernelInitializer(new GlorotUniform());
 * }</pre>
 */
public final class GlorotUniform extends VarianceScaling {
    public GlorotUniform() { super(1.0, "fan_avg", "uniform"); }

    /** From a config; Keras's only argument, {@code seed}, is ignored (Kiln seeds globally). */
    public static GlorotUniform fromConfig(Map<String, Object> config) { return new GlorotUniform(); }

    /** No arguments. */
    @Override
    public Map<String, Object> getConfig() { return Map.of(); }
}
