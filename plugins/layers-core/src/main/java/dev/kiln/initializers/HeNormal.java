package dev.kiln.initializers;

import java.util.Map;

/**
 * He normal: truncated normal with variance {@code 2 / fan_in}, as Keras's {@code he_normal}; samples come from Kiln's seeded generator ({@code Kiln.setSeed}).
 *
 * <pre>{@code
 * Tensor w = new HeNormal().initialize(Shape.of(784, 64), DType.FLOAT32);
 * Dense d = new Dense(64, "relu").kernelInitializer(new HeNormal());
 * }</pre>
 */
public final class HeNormal extends VarianceScaling {
    public HeNormal() { super(2.0, "fan_in", "truncated_normal"); }

    /** From a config; Keras's only argument, {@code seed}, is ignored (Kiln seeds globally). */
    public static HeNormal fromConfig(Map<String, Object> config) { return new HeNormal(); }

    /** No arguments. */
    @Override
    public Map<String, Object> getConfig() { return Map.of(); }
}
