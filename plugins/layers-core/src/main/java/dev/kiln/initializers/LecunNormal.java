package dev.kiln.initializers;

import java.util.Map;

/**
 * LeCun normal: truncated normal with variance {@code 1 / fan_in}, as Keras's {@code lecun_normal}; samples come from Kiln's seeded generator ({@code Kiln.setSeed}).
 *
 * <pre>{@code
 * Tensor w = new LecunNormal().initialize(Shape.of(784, 64), DType.FLOAT32);
 * Dense d = new Dense(64, "relu").kernelInitializer(new LecunNormal());
 * }</pre>
 */
public final class LecunNormal extends VarianceScaling {
    public LecunNormal() { super(1.0, "fan_in", "truncated_normal"); }

    /** From a config; Keras's only argument, {@code seed}, is ignored (Kiln seeds globally). */
    public static LecunNormal fromConfig(Map<String, Object> config) { return new LecunNormal(); }

    /** No arguments. */
    @Override
    public Map<String, Object> getConfig() { return Map.of(); }
}
