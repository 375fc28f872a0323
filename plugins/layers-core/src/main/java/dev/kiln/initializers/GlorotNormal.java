package dev.kiln.initializers;

import java.util.Map;

/**
 * Glorot (Xavier) normal: truncated normal with variance {@code 2 / (fan_in + fan_out)}, as Keras's {@code glorot_normal}; samples come from Kiln's seeded generator ({@code Kiln.setSeed}).
 *
 * <pre>{@code
 * Tensor w = new GlorotNormal().initialize(Shape.of(784, 64), DType.FLOAT32);
 * Dense d = new Dense(64, "relu").kernelInitializer(new GlorotNormal());
 * }</pre>
 */
public final class GlorotNormal extends VarianceScaling {
    public GlorotNormal() { super(1.0, "fan_avg", "truncated_normal"); }

    /** From a config; Keras's only argument, {@code seed}, is ignored (Kiln seeds globally). */
    public static GlorotNormal fromConfig(Map<String, Object> config) { return new GlorotNormal(); }

    /** No arguments. */
    @Override
    public Map<String, Object> getConfig() { return Map.of(); }
}
