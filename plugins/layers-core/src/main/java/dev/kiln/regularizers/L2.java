package dev.kiln.regularizers;

import dev.kiln.api.registry.Configs;
import java.util.Map;

/**
 * {@code l2 * sum(x^2)}, as Keras's {@code L2} (default l2 = 0.01; no factor 1/2).
 *
 * <pre>{@code
 * Dense d = new Dense(64).kernelRegularizer(new L2(1e-4));
 * double p = new L2().apply(Tensor.of(new float[] {1, -2}, 2)).item();   // 0.05
 * }</pre>
 */
public final class L2 extends L1L2 {
    /** Keras's default factor 0.01. */
    public L2() { this(0.01); }

    public L2(double l2) { super(0.0, l2); }

    /** From a config with key {@code l2} (default 0.01). */
    public static L2 fromConfig(Map<String, Object> config) { return new L2(Configs.number(config, "l2", 0.01)); }

    @Override
    public Map<String, Object> getConfig() { return new java.util.LinkedHashMap<>(Map.of("l2", l2())); }
}
