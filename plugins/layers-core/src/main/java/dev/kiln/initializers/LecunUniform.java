package dev.kiln.initializers;

import java.util.Map;

/**
 * LeCun uniform: within {@code ±sqrt(3 / fan_in)}, as Keras's {@code lecun_uniform}; samples come from Kiln's seeded generator ({@code Kiln.setSeed}).
 *
 * <pre>{@code
 * Tensor w = new LecunUniform().initialize(Shape.of(784, 64), DType.FLOAT32);
 * Dense d = new Dense(64, "relu").kernelInitializer(new LecunUniform());
 * }</pre>
 */
public final class LecunUniform extends VarianceScaling {
    public LecunUniform() { super(1.0, "fan_in", "uniform"); }

    /** From a config; Keras's only argument, {@code seed}, is ignored (Kiln seeds globally). */
    public static LecunUniform fromConfig(Map<String, Object> config) { return new LecunUniform(); }

    /** No arguments. */
    @Override
    public Map<String, Object> getConfig() { return Map.of(); }
}
