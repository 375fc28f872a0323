package dev.kiln.initializers;

import java.util.Map;

/**
 * He uniform: within {@code ±sqrt(6 / fan_in)}, as Keras's {@code he_uniform}; samples come from Kiln's seeded generator ({@code Kiln.setSeed}).
 *
 * <pre>{@code
 * Tensor w = new HeUniform().initialize(Shape.of(784, 64), DType.FLOAT32);
 * Dense d = new Dense(64, "relu").kernelInitializer(new HeUniform());
 * }</pre>
 */
public final class HeUniform extends VarianceScaling {
    public HeUniform() { super(2.0, "fan_in", "uniform"); }

    /** From a config; Keras's only argument, {@code seed}, is ignored (Kiln seeds globally). */
    public static HeUniform fromConfig(Map<String, Object> config) { return new HeUniform(); }

    /** No arguments. */
    @Override
    public Map<String, Object> getConfig() { return Map.of(); }
}
